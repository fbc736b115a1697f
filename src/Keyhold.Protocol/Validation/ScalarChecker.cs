using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Keyhold.Protocol.Validation;

/// <summary>
/// Checks one scalar JSON value against its shape: the JSON type first (a mismatch throws a
/// <c>SerializationException</c>, as AWS's reader does), then enum, pattern and length/range.
/// </summary>
internal static class ScalarChecker
{
    public static ScalarViolations Check(ShapeModel shape, JsonElement value)
    {
        var kind = value.ValueKind;
        switch (shape.Kind)
        {
            case ShapeKind.String:
                RequireKind(shape, kind, kind == JsonValueKind.String);
                return shape.HasConstraints ? CheckString(shape, value) : ScalarViolations.None;
            case ShapeKind.Blob:
                RequireKind(shape, kind, kind == JsonValueKind.String);
                return CheckBounds(shape, BlobLength(value));
            case ShapeKind.Integer or ShapeKind.Long:
                RequireKind(shape, kind, kind == JsonValueKind.Number);
                return CheckBounds(shape, ReadInteger(shape, value));
            case ShapeKind.Boolean:
                RequireKind(shape, kind, kind is JsonValueKind.True or JsonValueKind.False);
                return ScalarViolations.None;
            case ShapeKind.Timestamp:
                // Epoch seconds as AWS SDKs send them; strings are left to the handler's converter, which reads ISO 8601.
                RequireKind(shape, kind, kind is JsonValueKind.Number or JsonValueKind.String);
                return ScalarViolations.None;
            default:
                throw new InvalidOperationException($"Shape '{shape.Name}' is not a scalar.");
        }
    }

    /// <summary>Checks a string that is already materialized (a map key, or a value with escape sequences).</summary>
    public static ScalarViolations CheckString(ShapeModel shape, string text)
    {
        var violations = ScalarViolations.None;
        if (shape.EnumValues is { } values && Array.IndexOf(values, text) < 0)
        {
            violations |= ScalarViolations.Enum;
        }

        if (shape.PatternRegex is { } pattern && !Matches(pattern, text))
        {
            violations |= ScalarViolations.Pattern;
        }

        return shape.Min is null && shape.Max is null
            ? violations
            : violations | CheckBounds(shape, JsonText.CodePointLength(text));
    }

    /// <summary>
    /// An integer as AWS reads it: a fraction is truncated (Athena reads 1.5 as 1); a value outside the type's range
    /// is a <c>SerializationException</c>.
    /// </summary>
    public static long ReadInteger(ShapeModel shape, JsonElement value)
    {
        if (value.TryGetInt64(out var whole))
        {
            return shape.Kind == ShapeKind.Long || whole is >= int.MinValue and <= int.MaxValue
                ? whole
                : throw SerializationErrors.OutOfRange(shape.Kind);
        }

        var truncated = value.TryGetDouble(out var real) ? Math.Truncate(real) : double.NaN;
        var (min, max) = shape.Kind == ShapeKind.Long ? (-9.2233720368547758E18, 9.2233720368547758E18) : (int.MinValue, int.MaxValue + 1.0);
        return truncated >= min && truncated < max ? (long)truncated : throw SerializationErrors.OutOfRange(shape.Kind);
    }

    private static ScalarViolations CheckString(ShapeModel shape, JsonElement value)
    {
        // Patterns need the text; without one, enum and length are checked on the raw UTF-8 without allocating.
        if (shape.PatternRegex is not null)
        {
            return CheckString(shape, value.GetString()!);
        }

        var violations = ScalarViolations.None;
        if (shape.EnumValues is { } values && !EqualsAny(value, values))
        {
            violations |= ScalarViolations.Enum;
        }

        return shape.Min is null && shape.Max is null
            ? violations
            : violations | CheckBounds(shape, JsonText.CodePointLength(value));
    }

    private static int BlobLength(JsonElement value) =>
        JsonText.TryGetUnescapedUtf8(value, out var utf8)
            ? Base64Scanner.DecodedLength(utf8)
            : Base64Scanner.DecodedLength(Encoding.UTF8.GetBytes(value.GetString()!));

    private static ScalarViolations CheckBounds(ShapeModel shape, long measure)
    {
        if (shape.Min is { } min && measure < min)
        {
            return ScalarViolations.BelowMin;
        }

        return shape.Max is { } max && measure > max ? ScalarViolations.AboveMax : ScalarViolations.None;
    }

    private static bool EqualsAny(JsonElement value, string[] values)
    {
        foreach (var candidate in values)
        {
            if (value.ValueEquals(candidate))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Matches(Regex pattern, string text)
    {
        try
        {
            return pattern.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            // A value the pattern cannot decide in time is not one it accepts.
            return false;
        }
    }

    private static void RequireKind(ShapeModel shape, JsonValueKind found, bool matches)
    {
        if (!matches)
        {
            throw SerializationErrors.TypeMismatch(shape.Kind, found);
        }
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using Keyhold.Protocol.Validation;

namespace Keyhold.Server.Tests.Protocol;

/// <summary>
/// Generates the validation matrix from the embedded KMS service model: for every operation, a minimal valid request
/// (required members only, each value built to satisfy its shape's constraints), then one case per broken constraint
/// with exactly one member changed: each required member left out, each string, blob, list or map made one too long
/// and one too short, each pattern broken by one character, each enum given an unknown value, each number one past
/// its range; recursively through nested structures, list elements and map keys and values. The expected message is
/// built here, in AWS's words, from the model's bounds (enum sets are printed in <c>EnumDisplayOrder</c>'s order).
/// </summary>
internal static class ValidationMatrix
{
    private const string NotNull = "Member must not be null";

    private static readonly Lazy<IReadOnlyDictionary<string, ValidationCase>> All =
        new(() => Generate(KmsServiceModel.Instance).ToDictionary(c => c.Name, StringComparer.Ordinal));

    /// <summary>Every case, by name (<c>Operation.member.path.constraint</c>).</summary>
    public static IReadOnlyDictionary<string, ValidationCase> Cases => All.Value;

    public static IEnumerable<ValidationCase> Generate(KmsServiceModel model)
    {
        foreach (var operation in model.OperationNames.Order(StringComparer.Ordinal))
        {
            foreach (var variant in StructureVariants(Input(model, operation), path: null))
            {
                yield return new ValidationCase(
                    operation + "." + variant.Name, operation, variant.Value.ToJsonString(), FormatMessage(variant.Errors));
            }
        }
    }

    /// <summary>The request every case of <paramref name="operation"/> starts from: required members only, all valid.</summary>
    public static string MinimalRequest(string operation) =>
        ValidStructure(Input(KmsServiceModel.Instance, operation)).ToJsonString();

    private static ShapeModel Input(KmsServiceModel model, string operation) =>
        model.TryGetInput(operation, out var input) ? input : throw new ArgumentException($"Unknown operation {operation}.", nameof(operation));

    private static string FormatMessage(IReadOnlyList<string> errors) =>
        errors.Count == 1
            ? "1 validation error detected: " + errors[0]
            : string.Create(CultureInfo.InvariantCulture, $"{errors.Count} validation errors detected: {string.Join("; ", errors)}");

    private static IEnumerable<Variant> StructureVariants(ShapeModel shape, string? path)
    {
        foreach (var member in shape.Members)
        {
            var memberPath = path is null ? member.PathName : path + "." + member.PathName;
            if (member.Required)
            {
                var without = ValidStructure(shape);
                without.Remove(member.Name);
                yield return new Variant(memberPath + ".required", without, [Error("Value null", memberPath, NotNull)]);
            }

            foreach (var variant in ValueVariants(member.Shape, memberPath))
            {
                var changed = ValidStructure(shape);
                changed[member.Name] = variant.Value;
                yield return variant with { Value = changed };
            }
        }
    }

    private static IEnumerable<Variant> ValueVariants(ShapeModel shape, string path) => shape.Kind switch
    {
        ShapeKind.Structure => StructureVariants(shape, path),
        ShapeKind.List => ListVariants(shape, path),
        ShapeKind.Map => MapVariants(shape, path),
        _ => ScalarVariants(shape).Select(s => new Variant(
            path + "." + s.Constraint, s.Value, [.. Broken(shape, s.Value).Select(c => Error(Shown(shape, s.Value), path, c))])),
    };

    private static IEnumerable<Variant> ListVariants(ShapeModel shape, string path)
    {
        var element = shape.Element!;
        foreach (var (constraint, count, text) in CountViolations(shape))
        {
            var list = new JsonArray([.. Enumerable.Range(0, count).Select(_ => ValidValue(element))]);
            yield return new Variant(path + "." + constraint, list, [Error(Shown(element, list), path, text)]);
        }

        var others = Math.Max((int)(shape.Min ?? 1), 1) - 1;
        if (element.Kind == ShapeKind.Structure)
        {
            foreach (var variant in StructureVariants(element, path + ".1.member"))
            {
                yield return variant with { Value = ListOf(variant.Value, element, others) };
            }
        }
        else if (element.IsScalar)
        {
            foreach (var (constraint, value) in ScalarVariants(element))
            {
                var list = ListOf(value, element, others);
                yield return new Variant(
                    path + ".member." + constraint, list, [Error(Shown(element, list), path, "Member must satisfy constraint: " + ConstraintList(element))]);
            }
        }
        else
        {
            throw new NotSupportedException($"List '{shape.Name}' of {element.Kind}: extend the validation matrix.");
        }
    }

    /// <summary>Map size, then keys, then values (KMS's maps, encryption contexts, constrain none of them).</summary>
    private static IEnumerable<Variant> MapVariants(ShapeModel shape, string path)
    {
        var (key, value) = (shape.Key!, shape.Value!);
        var shown = (JsonObject map) => key.Sensitive || value.Sensitive || value.Kind == ShapeKind.Blob
            ? "Value"
            : "Value '{" + string.Join(", ", map.Select(p => p.Key + "=" + Render(p.Value!))) + "}'";
        foreach (var (constraint, count, text) in CountViolations(shape))
        {
            var map = new JsonObject();
            for (var i = 0; i < count; i++)
            {
                map[UniqueKey(key, i)] = ValidValue(value);
            }

            yield return new Variant(path + "." + constraint, map, [Error(shown(map), path, text)]);
        }

        foreach (var (constraint, badKey) in ScalarVariants(key))
        {
            var map = new JsonObject { [badKey.GetValue<string>()] = ValidValue(value) };
            yield return new Variant(path + ".key." + constraint, map, [Error(shown(map), path, "Map keys must satisfy constraint: " + ConstraintList(key))]);
        }

        var validKey = ValidString(key);
        if (value.IsScalar)
        {
            foreach (var (constraint, badValue) in ScalarVariants(value))
            {
                var map = new JsonObject { [validKey] = badValue };
                yield return new Variant(path + ".value." + constraint, map, [Error(shown(map), path, "Map value must satisfy constraint: " + ConstraintList(value))]);
            }
        }
        else
        {
            foreach (var variant in ValueVariants(value, path + "." + validKey))
            {
                yield return variant with { Value = new JsonObject { [validKey] = variant.Value } };
            }
        }
    }

    private static IEnumerable<(string Constraint, int Count, string Text)> CountViolations(ShapeModel shape)
    {
        if (shape.Min is { } min && min > 0)
        {
            yield return ("minLength", (int)min - 1, MinText(shape));
        }

        if (shape.Max is { } max)
        {
            yield return ("maxLength", (int)max + 1, MaxText(shape));
        }
    }

    /// <summary>Values of a scalar shape that break one constraint each (where the constraints allow it, only that one).</summary>
    private static IEnumerable<(string Constraint, JsonNode Value)> ScalarVariants(ShapeModel shape)
    {
        switch (shape.Kind)
        {
            case ShapeKind.String:
                if (shape.EnumValues is not null)
                {
                    yield return ("enum", JsonValue.Create("NOT_A_MODEL_VALUE"));
                }

                if (shape.PatternRegex is { } regex && PatternSampler.Violate(ValidString(shape), regex) is { } broken)
                {
                    yield return ("pattern", JsonValue.Create(broken));
                }

                if (shape.Min is { } minLength && minLength > 0)
                {
                    yield return ("minLength", JsonValue.Create(StringOfLength(shape, (int)minLength - 1)));
                }

                if (shape.Max is { } maxLength)
                {
                    yield return ("maxLength", JsonValue.Create(StringOfLength(shape, (int)maxLength + 1)));
                }

                break;
            case ShapeKind.Blob:
                if (shape.Min is { } minBytes && minBytes > 0)
                {
                    yield return ("minLength", Blob((int)minBytes - 1));
                }

                if (shape.Max is { } maxBytes)
                {
                    yield return ("maxLength", Blob((int)maxBytes + 1));
                }

                break;
            case ShapeKind.Integer or ShapeKind.Long:
                var (lowest, highest) = shape.Kind == ShapeKind.Integer ? (int.MinValue, int.MaxValue) : (long.MinValue, long.MaxValue);
                if (shape.Min is { } min && min > lowest)
                {
                    yield return ("minValue", JsonValue.Create(min - 1));
                }

                if (shape.Max is { } max && max < highest)
                {
                    yield return ("maxValue", JsonValue.Create(max + 1));
                }

                break;
            default:
                break;
        }
    }

    /// <summary>The constraints <paramref name="value"/> breaks, in the order AWS (and RequestValidator) lists them: enum, pattern, min, max.</summary>
    private static IEnumerable<string> Broken(ShapeModel shape, JsonNode value)
    {
        long measure;
        if (shape.Kind == ShapeKind.String)
        {
            var text = value.GetValue<string>();
            if (shape.EnumValues is { } values && !values.Contains(text))
            {
                yield return shape.EnumText!;
            }

            if (shape.PatternRegex is { } regex && !regex.IsMatch(text))
            {
                yield return "Member must satisfy regular expression pattern: " + shape.Pattern;
            }

            measure = text.EnumerateRunes().Count();
        }
        else
        {
            measure = shape.Kind == ShapeKind.Blob ? Convert.FromBase64String(value.GetValue<string>()).Length : value.GetValue<long>();
        }

        if (shape.Min is { } min && measure < min)
        {
            yield return MinText(shape);
        }

        if (shape.Max is { } max && measure > max)
        {
            yield return MaxText(shape);
        }
    }

    private static string Error(string shown, string path, string constraint) => $"{shown} at '{path}' failed to satisfy constraint: {constraint}";

    /// <summary>AWS never echoes blobs or members the model marks sensitive.</summary>
    private static string Shown(ShapeModel shape, JsonNode value) =>
        shape.Sensitive || shape.Kind == ShapeKind.Blob ? "Value" : "Value '" + Render(value) + "'";

    /// <summary>Java's <c>toString</c>: lists as <c>[a, b]</c>; structures as the JSON that was sent (RequestValidator's choice).</summary>
    private static string Render(JsonNode value) => value switch
    {
        JsonArray array => "[" + string.Join(", ", array.Select(item => Render(item!))) + "]",
        JsonValue scalar when scalar.TryGetValue<string>(out var text) => text,
        _ => value.ToJsonString(),
    };

    private static string MaxText(ShapeModel shape) => string.Create(CultureInfo.InvariantCulture, $"Member must have {Unit(shape)} less than or equal to {shape.Max}");

    private static string MinText(ShapeModel shape) => string.Create(CultureInfo.InvariantCulture, $"Member must have {Unit(shape)} greater than or equal to {shape.Min}");

    private static string Unit(ShapeModel shape) => shape.Kind is ShapeKind.Integer or ShapeKind.Long ? "value" : "length";

    /// <summary>A list element's or map key's constraints as AWS lists them: <c>[max, min, pattern, enum]</c>.</summary>
    private static string ConstraintList(ShapeModel shape)
    {
        string?[] parts =
        [
            shape.Max is null ? null : MaxText(shape),
            shape.Min is null ? null : MinText(shape),
            shape.Pattern is null ? null : "Member must satisfy regular expression pattern: " + shape.Pattern,
            shape.EnumText,
        ];
        return "[" + string.Join(", ", parts.Where(p => p is not null)) + "]";
    }

    private static JsonObject ValidStructure(ShapeModel shape)
    {
        var json = new JsonObject();
        foreach (var member in shape.Members.Where(m => m.Required))
        {
            json[member.Name] = ValidValue(member.Shape);
        }

        return json;
    }

    private static JsonNode ValidValue(ShapeModel shape) => shape.Kind switch
    {
        ShapeKind.Structure => ValidStructure(shape),
        ShapeKind.List => ListOf(ValidValue(shape.Element!), shape.Element!, Math.Max((int)(shape.Min ?? 1), 1) - 1),
        ShapeKind.Map => MapOf(shape, (int)(shape.Min ?? 0)),
        ShapeKind.String => JsonValue.Create(ValidString(shape)),
        ShapeKind.Blob => Blob(Math.Max((int)(shape.Min ?? 1), 1)),
        ShapeKind.Integer or ShapeKind.Long => JsonValue.Create(Math.Clamp(1, shape.Min ?? long.MinValue, shape.Max ?? long.MaxValue)),
        ShapeKind.Boolean => JsonValue.Create(true),
        ShapeKind.Timestamp => JsonValue.Create(1767225600),
        _ => throw new NotSupportedException($"Shape kind {shape.Kind}: extend the validation matrix."),
    };

    private static JsonArray ListOf(JsonNode first, ShapeModel element, int others) =>
        new([first, .. Enumerable.Range(0, others).Select(_ => ValidValue(element))]);

    private static JsonObject MapOf(ShapeModel shape, int count)
    {
        var map = new JsonObject();
        for (var i = 0; i < count; i++)
        {
            map[UniqueKey(shape.Key!, i)] = ValidValue(shape.Value!);
        }

        return map;
    }

    private static string UniqueKey(ShapeModel key, int index) =>
        key.HasConstraints
            ? throw new NotSupportedException($"Distinct keys for the constrained map key '{key.Name}': extend the validation matrix.")
            : "k" + index.ToString(CultureInfo.InvariantCulture);

    private static string ValidString(ShapeModel shape)
    {
        if (shape.EnumValues is { } values)
        {
            return values[0];
        }

        var shortest = Math.Max((int)(shape.Min ?? 1), 1);
        var longest = (int)Math.Min(shape.Max ?? long.MaxValue, shortest + 64L);
        for (var length = shortest; length <= longest; length++)
        {
            if (shape.PatternRegex is null)
            {
                return new string('a', length);
            }

            if (PatternSampler.TrySample(shape.Pattern!, shape.PatternRegex, length, out var sample))
            {
                return sample;
            }
        }

        throw new NotSupportedException($"No valid value for '{shape.Name}' ({shape.Pattern}): extend PatternSampler.");
    }

    /// <summary>A string of the given length that matches the pattern when it can, so only the length is broken.</summary>
    private static string StringOfLength(ShapeModel shape, int length) =>
        shape.PatternRegex is { } regex && PatternSampler.TrySample(shape.Pattern!, regex, length, out var sample)
            ? sample
            : new string('a', length);

    private static JsonValue Blob(int bytes) => JsonValue.Create(Convert.ToBase64String(new byte[bytes]));

    private sealed record Variant(string Name, JsonNode Value, IReadOnlyList<string> Errors);
}

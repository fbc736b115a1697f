using System.Text.Json;

namespace Keyhold.Protocol.Validation;

/// <summary>
/// Walks a request body along its input shape and collects validation errors in AWS's words. It lives on the
/// stack and allocates nothing until it finds a violation. A wrong JSON type throws at once: AWS fails those while
/// reading the body, before validating.
/// </summary>
internal ref partial struct RequestWalker
{
    /// <summary>AWS reports at most ten violations (DynamoDB, Kinesis: "10 validation errors detected" for more).</summary>
    public const int MaxErrors = 10;

    private const string NotNull = "Member must not be null";
    private const string NullValue = "Value null";
    private const string HiddenValue = "Value";

    private MemberPath _path;
    private List<string>? _errors;

    /// <summary>The violations found, in report order; null when there are none.</summary>
    public readonly List<string>? Errors => _errors;

    private readonly bool CanReport => _errors is null || _errors.Count < MaxErrors;

    /// <summary>
    /// Validates the members of a structure in model order: required ones that are missing or null, and present
    /// ones recursively. Members the model does not know are ignored, as AWS ignores them.
    /// </summary>
    public void WalkStructure(ShapeModel shape, JsonElement json)
    {
        foreach (var member in shape.Members)
        {
            if (!json.TryGetProperty(member.Utf8Name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (member.Required && CanReport && _path.TryPush(member.PathName))
                {
                    Report(NullValue, NotNull);
                    _path.Pop();
                }

                continue;
            }

            if (_path.TryPush(member.PathName))
            {
                WalkValue(member.Shape, value);
                _path.Pop();
            }
        }
    }

    private void WalkValue(ShapeModel shape, JsonElement value)
    {
        var kind = value.ValueKind;
        switch (shape.Kind)
        {
            case ShapeKind.Structure:
                RequireKind(shape, kind, JsonValueKind.Object);
                WalkStructure(shape, value);
                break;
            case ShapeKind.List:
                RequireKind(shape, kind, JsonValueKind.Array);
                WalkList(shape, value);
                break;
            case ShapeKind.Map:
                RequireKind(shape, kind, JsonValueKind.Object);
                WalkMap(shape, value);
                break;
            default:
                WalkScalar(shape, value);
                break;
        }
    }

    /// <summary>A scalar member: each broken constraint is its own error, enum and pattern before length.</summary>
    private void WalkScalar(ShapeModel shape, JsonElement value)
    {
        var violations = ScalarChecker.Check(shape, value);
        if (violations == ScalarViolations.None || !CanReport)
        {
            return;
        }

        var shown = shape.EchoesValue ? Quote(JsonText.Render(value, shape)) : HiddenValue;
        ReportIf(violations, ScalarViolations.Enum, shown, shape.EnumText);
        ReportIf(violations, ScalarViolations.Pattern, shown, shape.PatternText);
        ReportIf(violations, ScalarViolations.BelowMin, shown, shape.MinText);
        ReportIf(violations, ScalarViolations.AboveMax, shown, shape.MaxText);
    }

    private void ReportIf(ScalarViolations found, ScalarViolations flag, string shown, string? constraint)
    {
        if ((found & flag) != 0)
        {
            Report(shown, constraint!);
        }
    }

    private void Report(string shownValue, string constraint)
    {
        if (!CanReport)
        {
            return;
        }

        _errors ??= [];
        _errors.Add($"{shownValue} at '{_path}' failed to satisfy constraint: {constraint}");
    }

    private static string Quote(string text) => "Value '" + text + "'";

    private static void RequireKind(ShapeModel shape, JsonValueKind found, JsonValueKind expected)
    {
        if (found != expected)
        {
            throw SerializationErrors.TypeMismatch(shape.Kind, found);
        }
    }
}

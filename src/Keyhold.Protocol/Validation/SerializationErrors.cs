using System.Text.Json;
using Keyhold.Core.Errors;

namespace Keyhold.Protocol.Validation;

/// <summary>
/// The <c>SerializationException</c>s AWS JSON 1.1 services send when a value has the wrong JSON type. AWS's
/// front end fails on these while reading the body, before it validates anything, so one wins over any number of
/// validation errors.
/// </summary>
/// <remarks>
/// Sources for the wording (no KMS-specific recording exists):
/// <list type="bullet">
/// <item>Measured against Athena (AWS JSON 1.1, same front end) in 2026 by an emulator's raw-HTTP probes:
/// <c>STRING_VALUE can not be converted to an Integer</c>, <c>TRUE_VALUE can not be converted to an Integer</c>,
/// <c>NUMBER_VALUE can not be converted to a String</c>, <c>FALSE_VALUE can not be converted to a String</c>,
/// <c>Start of list found where not expected</c>, <c>Start of structure or map found where not expected.</c>,
/// <c>Expected list or null</c> (scalar for a list), <c>Expected null</c> (scalar for a structure); a top-level array
/// gets the list message, a top-level scalar no message at all; a fractional number for an integer is truncated.</item>
/// <item>SES v2 probes: <c>NUMBER_VALUE can not be converted to a Boolean</c>; Amazon's AMC API:
/// <c>STRING_VALUE can not be converted to a Long</c>.</item>
/// <item>dynalite's tests (mhart/dynalite, run against DynamoDB's older front end): <c>Expected map or null</c>, and
/// the Base64 texts <c>Base64 encoded length is expected a multiple of 4 bytes but found: 5</c>,
/// <c>Invalid Base64 character: '='</c>, <c>Invalid last non-pad Base64 character dectected</c> (AWS's spelling).
/// That front end prefixed them with the offending value (<c>'…' can not be converted to a Blob: </c>); we leave the
/// value out, because a blob that is not Base64 is often a secret sent raw.</item>
/// </list>
/// Not confirmed anywhere: the target names <c>a Blob</c> and <c>a Timestamp</c>, and the message for an integer
/// out of range (AWS may wrap it silently); these follow the same pattern.
/// </remarks>
internal static class SerializationErrors
{
    public const string StartOfList = "Start of list found where not expected";
    public const string StartOfStructure = "Start of structure or map found where not expected.";

    /// <summary>The value has a JSON type that cannot become the shape's type.</summary>
    public static KmsException TypeMismatch(ShapeKind target, JsonValueKind found) => found switch
    {
        JsonValueKind.Array => Create(StartOfList),
        JsonValueKind.Object => Create(StartOfStructure),
        _ => target switch
        {
            ShapeKind.Structure => Create("Expected null"),
            ShapeKind.List => Create("Expected list or null"),
            ShapeKind.Map => Create("Expected map or null"),
            _ => Create(TokenName(found) + " can not be converted to " + TargetName(target)),
        },
    };

    /// <summary>A number that does not fit the integer type.</summary>
    public static KmsException OutOfRange(ShapeKind target) => Create("NUMBER_VALUE can not be converted to " + TargetName(target));

    /// <summary>The body is JSON but its root is not an object.</summary>
    public static KmsException NotAnObject(JsonValueKind found) =>
        found == JsonValueKind.Array ? Create(StartOfList) : new KmsException(KmsErrorCodes.SerializationException, message: null);

    public static KmsException InvalidBase64(string detail) => Create(detail);

    private static KmsException Create(string message) => new(KmsErrorCodes.SerializationException, message);

    private static string TokenName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "STRING_VALUE",
        JsonValueKind.Number => "NUMBER_VALUE",
        JsonValueKind.True => "TRUE_VALUE",
        JsonValueKind.False => "FALSE_VALUE",
        _ => "NULL_VALUE",
    };

    private static string TargetName(ShapeKind kind) => kind switch
    {
        ShapeKind.String => "a String",
        ShapeKind.Integer => "an Integer",
        ShapeKind.Long => "a Long",
        ShapeKind.Boolean => "a Boolean",
        ShapeKind.Blob => "a Blob",
        ShapeKind.Timestamp => "a Timestamp",
        _ => "a " + kind,
    };
}

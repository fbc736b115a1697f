using System.Globalization;
using System.Text.RegularExpressions;

namespace Keyhold.Protocol.Validation;

/// <summary>
/// One shape of the service model, reduced to what validation needs. The constraint texts are built once at load
/// so that reporting a violation only concatenates strings.
/// </summary>
internal sealed class ShapeModel
{
    private static readonly MemberModel[] NoMembers = [];

    public ShapeModel(string name, ShapeKind kind, bool sensitive)
    {
        Name = name;
        Kind = kind;
        Sensitive = sensitive;
    }

    public string Name { get; }

    public ShapeKind Kind { get; }

    /// <summary>Marked <c>sensitive</c> in the model; AWS then leaves the value out of messages (as for every blob).</summary>
    public bool Sensitive { get; }

    /// <summary>True for strings, blobs, numbers, booleans and timestamps.</summary>
    public bool IsScalar => Kind is not (ShapeKind.Structure or ShapeKind.List or ShapeKind.Map);

    /// <summary>Whether AWS echoes the value in a message: never for blobs or sensitive shapes.</summary>
    public bool EchoesValue => !Sensitive && Kind != ShapeKind.Blob;

    /// <summary>Structure members in model order (the order messages list them in).</summary>
    public MemberModel[] Members { get; private set; } = NoMembers;

    /// <summary>The element shape of a list.</summary>
    public ShapeModel? Element { get; private set; }

    /// <summary>The key shape of a map.</summary>
    public ShapeModel? Key { get; private set; }

    /// <summary>The value shape of a map.</summary>
    public ShapeModel? Value { get; private set; }

    /// <summary>Minimum length (strings, blobs, lists, maps) or value (numbers); null when the model sets none.</summary>
    public long? Min { get; private set; }

    /// <summary>Maximum length (strings, blobs, lists, maps) or value (numbers); null when the model sets none.</summary>
    public long? Max { get; private set; }

    /// <summary>The pattern exactly as the model writes it (messages quote it verbatim).</summary>
    public string? Pattern { get; private set; }

    public Regex? PatternRegex { get; private set; }

    /// <summary>Enum values in model order; membership is checked against these.</summary>
    public string[]? EnumValues { get; private set; }

    /// <summary><c>Member must have length less than or equal to N</c> (or <c>value</c> for numbers).</summary>
    public string? MaxText { get; private set; }

    /// <summary><c>Member must have length greater than or equal to N</c> (or <c>value</c> for numbers).</summary>
    public string? MinText { get; private set; }

    /// <summary><c>Member must satisfy regular expression pattern: P</c>.</summary>
    public string? PatternText { get; private set; }

    /// <summary><c>Member must satisfy enum value set: [A, B]</c>, in AWS's display order.</summary>
    public string? EnumText { get; private set; }

    /// <summary>
    /// Every constraint of the shape as AWS lists them for a list element or map key/value:
    /// <c>[Member must have length less than or equal to 128, Member must have length greater than or equal to 1]</c>.
    /// </summary>
    public string ConstraintList { get; private set; } = "[]";

    /// <summary>True when a scalar value of this shape can violate anything (so the validator can skip the rest).</summary>
    public bool HasConstraints => MaxText is not null || MinText is not null || PatternRegex is not null || EnumValues is not null;

    public void SetMembers(MemberModel[] members) => Members = members;

    public void SetElement(ShapeModel element) => Element = element;

    public void SetMapShapes(ShapeModel key, ShapeModel value)
    {
        Key = key;
        Value = value;
    }

    public void SetConstraints(long? min, long? max, string? pattern, Regex? patternRegex, string[]? enumValues, string? enumDisplay)
    {
        Min = min;
        Max = max;
        Pattern = pattern;
        PatternRegex = patternRegex;
        EnumValues = enumValues;

        var unit = Kind is ShapeKind.Integer or ShapeKind.Long ? "value" : "length";
        MaxText = max is null ? null : string.Create(CultureInfo.InvariantCulture, $"Member must have {unit} less than or equal to {max.Value}");
        MinText = min is null ? null : string.Create(CultureInfo.InvariantCulture, $"Member must have {unit} greater than or equal to {min.Value}");
        PatternText = pattern is null ? null : "Member must satisfy regular expression pattern: " + pattern;
        EnumText = enumDisplay is null ? null : "Member must satisfy enum value set: " + enumDisplay;

        // AWS lists a list element's or map key's constraints as max, min, pattern, e.g. ACM's
        // "Member must satisfy constraint: [Member must have length less than or equal to 253, Member must have
        // length greater than or equal to 1, Member must satisfy regular expression pattern: ...]".
        string?[] parts = [MaxText, MinText, PatternText, EnumText];
        ConstraintList = "[" + string.Join(", ", parts.Where(static p => p is not null)) + "]";
    }
}

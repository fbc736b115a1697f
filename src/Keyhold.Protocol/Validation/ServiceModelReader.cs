using System.Collections.Frozen;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Keyhold.Protocol.Validation;

/// <summary>
/// Reads a botocore-format service model (<c>service-2.json</c>) into <see cref="ShapeModel"/>s: first every shape
/// with its kind, then the links between them, so that shapes may refer to each other in any order.
/// </summary>
internal static class ServiceModelReader
{
    private static readonly ShapeModel EmptyInput = CreateEmptyInput();

    /// <summary>Returns each operation's input shape, keyed by operation name.</summary>
    public static FrozenDictionary<string, ShapeModel> ReadOperations(JsonElement root)
    {
        var shapesJson = root.GetProperty("shapes");
        var shapes = new Dictionary<string, ShapeModel>(StringComparer.Ordinal);
        foreach (var shape in shapesJson.EnumerateObject())
        {
            var sensitive = shape.Value.TryGetProperty("sensitive", out var flag) && flag.ValueKind == JsonValueKind.True;
            shapes.Add(shape.Name, new ShapeModel(shape.Name, ParseKind(shape.Name, shape.Value), sensitive));
        }

        var patterns = new Dictionary<string, Regex>(StringComparer.Ordinal);
        foreach (var shape in shapesJson.EnumerateObject())
        {
            Link(shapes[shape.Name], shape.Value, shapes, patterns);
        }

        var operations = new Dictionary<string, ShapeModel>(StringComparer.Ordinal);
        foreach (var operation in root.GetProperty("operations").EnumerateObject())
        {
            operations.Add(
                operation.Name,
                operation.Value.TryGetProperty("input", out var input) ? Resolve(input, shapes) : EmptyInput);
        }

        return operations.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static void Link(
        ShapeModel model, JsonElement json, Dictionary<string, ShapeModel> shapes, Dictionary<string, Regex> patterns)
    {
        switch (model.Kind)
        {
            case ShapeKind.Structure:
                model.SetMembers(ReadMembers(json, shapes));
                return;
            case ShapeKind.List:
                model.SetElement(Resolve(json.GetProperty("member"), shapes));
                break;
            case ShapeKind.Map:
                model.SetMapShapes(Resolve(json.GetProperty("key"), shapes), Resolve(json.GetProperty("value"), shapes));
                break;
            default:
                break;
        }

        var pattern = json.TryGetProperty("pattern", out var p) ? p.GetString() : null;
        Regex? regex = null;
        if (pattern is not null && !patterns.TryGetValue(pattern, out regex))
        {
            regex = JavaPattern.Compile(pattern);
            patterns.Add(pattern, regex);
        }

        string[]? enumValues = null;
        if (json.TryGetProperty("enum", out var values))
        {
            enumValues = new string[values.GetArrayLength()];
            var i = 0;
            foreach (var value in values.EnumerateArray())
            {
                enumValues[i++] = value.GetString()!;
            }
        }

        model.SetConstraints(
            ReadBound(model, json, "min"),
            ReadBound(model, json, "max"),
            pattern,
            regex,
            enumValues,
            enumValues is null ? null : EnumDisplayOrder.Format(model.Name, enumValues));
    }

    private static MemberModel[] ReadMembers(JsonElement json, Dictionary<string, ShapeModel> shapes)
    {
        var required = new HashSet<string>(StringComparer.Ordinal);
        if (json.TryGetProperty("required", out var names))
        {
            foreach (var name in names.EnumerateArray())
            {
                required.Add(name.GetString()!);
            }
        }

        var members = new List<MemberModel>();
        foreach (var member in json.GetProperty("members").EnumerateObject())
        {
            members.Add(new MemberModel(member.Name, Resolve(member.Value, shapes), required.Contains(member.Name)));
        }

        return [.. members];
    }

    private static ShapeModel Resolve(JsonElement reference, Dictionary<string, ShapeModel> shapes)
    {
        var name = reference.GetProperty("shape").GetString()!;
        return shapes.TryGetValue(name, out var shape)
            ? shape
            : throw new InvalidDataException($"The service model refers to an undefined shape '{name}'.");
    }

    private static long? ReadBound(ShapeModel model, JsonElement json, string property)
    {
        if (!json.TryGetProperty(property, out var bound))
        {
            return null;
        }

        return bound.TryGetInt64(out var value)
            ? value
            : throw new InvalidDataException($"Shape '{model.Name}' has a non-integer {property}; only integer bounds are supported.");
    }

    private static ShapeKind ParseKind(string name, JsonElement json) => json.GetProperty("type").GetString() switch
    {
        "structure" => ShapeKind.Structure,
        "list" => ShapeKind.List,
        "map" => ShapeKind.Map,
        "string" => ShapeKind.String,
        "blob" => ShapeKind.Blob,
        "integer" => ShapeKind.Integer,
        "long" => ShapeKind.Long,
        "boolean" => ShapeKind.Boolean,
        "timestamp" => ShapeKind.Timestamp,
        var other => throw new InvalidDataException($"Shape '{name}' has type '{other}', which the validator does not support."),
    };

    private static ShapeModel CreateEmptyInput()
    {
        var shape = new ShapeModel("(no input)", ShapeKind.Structure, sensitive: false);
        shape.SetConstraints(null, null, null, null, null, null);
        return shape;
    }
}

using System.Text.Json;

namespace Keyhold.Policy.Parsing;

/// <summary>Reads the "string or array of strings" shape that most policy elements use.</summary>
internal static class JsonValues
{
    public static List<string> ReadStrings(JsonElement element, StatementLocation location, string name)
    {
        var values = new List<string>();
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                values.Add(element.GetString()!);
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String)
                    {
                        throw location.Error($"{name} must be a string or an array of strings; found {Describe(item)} in the array");
                    }

                    values.Add(item.GetString()!);
                }

                if (values.Count == 0)
                {
                    throw location.Error($"{name} must not be an empty array");
                }

                break;
            default:
                throw location.Error($"{name} must be a string or an array of strings, not {Describe(element)}");
        }

        return values;
    }

    /// <summary>A short name for a JSON value kind, for error messages.</summary>
    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "an unknown value",
    };
}

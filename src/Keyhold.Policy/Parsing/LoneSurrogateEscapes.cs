using System.Text;
using System.Text.Json;

namespace Keyhold.Policy.Parsing;

/// <summary>
/// Finds a string or member name that escapes half a surrogate pair (<c>"\ud800"</c>). JsonDocument keeps escapes
/// as written and only fails when such a string is read, with an InvalidOperationException rather than a
/// JsonException (found by test/Keyhold.FuzzTests). The request pipeline has the same check in
/// <c>Keyhold.Protocol.Validation.RequestBody</c>; this assembly does not reference that one.
/// </summary>
internal static class LoneSurrogateEscapes
{
    /// <exception cref="JsonException">The text is not JSON at all.</exception>
    public static bool Contain(string json)
    {
        if (!json.Contains("\\u", StringComparison.Ordinal))
        {
            return false;
        }

        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
            {
                try
                {
                    reader.GetString();
                }
                catch (InvalidOperationException)
                {
                    return true;
                }
            }
        }

        return false;
    }
}

using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Keyhold.Protocol.Validation;

/// <summary>Allocation-free reads of JSON string values, and the Java-style renderings AWS puts in messages.</summary>
internal static class JsonText
{
    /// <summary>
    /// The UTF-8 bytes of a string value without quotes, if it has no escape sequences (the common case);
    /// otherwise false, and the caller falls back to <see cref="JsonElement.GetString"/>.
    /// </summary>
    public static bool TryGetUnescapedUtf8(JsonElement value, out ReadOnlySpan<byte> utf8)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        utf8 = raw[1..^1];
        return utf8.IndexOf((byte)'\\') < 0;
    }

    /// <summary>The length AWS measures: Unicode code points (a surrogate pair counts once).</summary>
    public static int CodePointLength(JsonElement value)
    {
        if (!TryGetUnescapedUtf8(value, out var utf8))
        {
            return CodePointLength(value.GetString()!);
        }

        if (Ascii.IsValid(utf8))
        {
            return utf8.Length;
        }

        // Every code point has exactly one byte that is not a continuation byte (10xxxxxx).
        var count = 0;
        foreach (var b in utf8)
        {
            if ((b & 0xC0) != 0x80)
            {
                count++;
            }
        }

        return count;
    }

    public static int CodePointLength(string text)
    {
        var count = text.Length;
        for (var i = 0; i + 1 < text.Length; i++)
        {
            if (char.IsSurrogatePair(text[i], text[i + 1]))
            {
                count--;
                i++;
            }
        }

        return count;
    }

    /// <summary>A list as Java's <c>List.toString()</c> prints it: <c>[a, b]</c>.</summary>
    public static string RenderList(JsonElement array, ShapeModel element)
    {
        var builder = new StringBuilder("[");
        var first = true;
        foreach (var item in array.EnumerateArray())
        {
            if (!first)
            {
                builder.Append(", ");
            }

            first = false;
            builder.Append(Render(item, element));
        }

        return builder.Append(']').ToString();
    }

    /// <summary>A map as Java's <c>Map.toString()</c> prints it: <c>{k=v, k2=v2}</c> (here in request order).</summary>
    public static string RenderMap(JsonElement map, ShapeModel value)
    {
        var builder = new StringBuilder("{");
        var first = true;
        foreach (var property in map.EnumerateObject())
        {
            if (!first)
            {
                builder.Append(", ");
            }

            first = false;
            builder.Append(property.Name).Append('=').Append(Render(property.Value, value));
        }

        return builder.Append('}').ToString();
    }

    /// <summary>
    /// One value as AWS prints it. Structures have no faithful rendering (AWS prints a Java object id such as
    /// <c>com.amazonaws.kinesis.v20131202.PutRecordsRequestEntry@2</c>), so they print as their JSON.
    /// </summary>
    public static string Render(JsonElement value, ShapeModel shape) => value.ValueKind switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number when shape.Kind is ShapeKind.Integer or ShapeKind.Long =>
            ScalarChecker.ReadInteger(shape, value).ToString(System.Globalization.CultureInfo.InvariantCulture),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Array when shape.Element is not null => RenderList(value, shape.Element),
        JsonValueKind.Object when shape.Kind == ShapeKind.Map => RenderMap(value, shape.Value!),
        _ => value.GetRawText(),
    };
}

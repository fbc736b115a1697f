using System.Text.Json;
using System.Text.Json.Serialization;

namespace Keyhold.Server.Protocol;

/// <summary>
/// Reads integer members as AWS's front end does: a fraction is truncated (1.9 is 1). RequestValidator applies the
/// same rule and has already refused values out of range, so a handler never sees a request the validator passed
/// fail to deserialize.
/// </summary>
internal sealed class TruncatingInt32Converter : JsonConverter<int>
{
    public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetInt32(out var value))
            {
                return value;
            }

            if (reader.TryGetDouble(out var real))
            {
                var whole = Math.Truncate(real);
                if (whole is >= int.MinValue and <= int.MaxValue)
                {
                    return (int)whole;
                }
            }
        }

        throw new JsonException("Expected an integer.");
    }

    public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}

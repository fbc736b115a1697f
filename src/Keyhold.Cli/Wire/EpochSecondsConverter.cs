using System.Text.Json;
using System.Text.Json.Serialization;

namespace Keyhold.Cli.Wire;

/// <summary>AWS JSON 1.1 timestamps: epoch seconds as a JSON number, with milliseconds (e.g. 1528289057.531).</summary>
internal sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var seconds)
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)decimal.Round(seconds * 1000m))
            : throw new JsonException("Expected a timestamp in epoch seconds.");

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value.ToUnixTimeMilliseconds() / 1000m);
}

namespace Keyhold.Server.Wire;

/// <summary>The AWS JSON 1.1 error body.</summary>
internal sealed record ErrorResponse(
    [property: System.Text.Json.Serialization.JsonPropertyName("__type")] string Type,
    [property: System.Text.Json.Serialization.JsonPropertyName("message")] string? Message);

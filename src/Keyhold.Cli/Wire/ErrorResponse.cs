using System.Text.Json.Serialization;

namespace Keyhold.Cli.Wire;

/// <summary>An AWS JSON 1.1 error body, <c>{"__type": "NotFoundException", "message": "…"}</c>.</summary>
internal sealed record ErrorResponse(
    [property: JsonPropertyName("__type")] string? Type,
    [property: JsonPropertyName("message")] string? Message)
{
    /// <summary>The error code: <c>__type</c> without the namespace some services put before a '#'.</summary>
    public string? Code => Type is null ? null : Type[(Type.LastIndexOf('#') + 1)..];
}

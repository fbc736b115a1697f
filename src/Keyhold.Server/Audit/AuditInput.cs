using System.Text.Json;
using Keyhold.Core.Accounts;

namespace Keyhold.Server.Audit;

/// <summary>What the endpoint knows about a finished request, for <see cref="AuditEventBuilder"/>.</summary>
internal sealed record AuditInput
{
    public required string EventId { get; init; }

    public required DateTimeOffset Time { get; init; }

    /// <summary><c>kms.amazonaws.com</c>, or <c>keyhold</c> for Keyhold's own operations.</summary>
    public required string EventSource { get; init; }

    public required string EventName { get; init; }

    public required string Region { get; init; }

    /// <summary>Null when the caller could not be authenticated.</summary>
    public Principal? Principal { get; init; }

    public string? SourceIp { get; init; }

    public string? UserAgent { get; init; }

    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }

    public JsonElement Request { get; init; }

    /// <summary>The response body, for operations that change something; <c>default</c> otherwise (CloudTrail: null).</summary>
    public JsonElement Response { get; init; }

    public required string RequestId { get; init; }

    public required bool ReadOnly { get; init; }

    public IReadOnlyList<string> Resources { get; init; } = [];
}

using System.Text.Json;

namespace Keyhold.Cli.Wire;

// The CLI's side of KeyholdService.ListAuditEvents and KeyholdService.VerifyAuditTrail (src/Keyhold.Server/Wire/Audit.cs).

internal sealed record ListAuditEventsRequest(
    DateTimeOffset? From,
    DateTimeOffset? To,
    string? KeyArn,
    string? PrincipalArn,
    string? EventName,
    bool? ErrorsOnly,
    bool? AllAccounts,
    int? Limit,
    string? Marker);

/// <summary>One stored event: its place in the chain and the CloudTrail-shaped record.</summary>
internal sealed record AuditEventEntry(long Sequence, JsonElement Event);

internal sealed record ListAuditEventsResponse(List<AuditEventEntry> Events, string? NextMarker, bool Truncated);

internal sealed record VerifyAuditTrailRequest;

internal sealed record VerifyAuditTrailResponse(bool Verified, long Events, string? HeadHash, long? FirstBadSequence, string? Problem);

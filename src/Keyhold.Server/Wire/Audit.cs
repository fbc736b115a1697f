using System.Text.Json;

namespace Keyhold.Server.Wire;

// Keyhold's audit operations (KeyholdService.ListAuditEvents, KeyholdService.VerifyAuditTrail).

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

internal sealed record AuditEventEntry(long Sequence, JsonElement Event);

internal sealed record ListAuditEventsResponse(List<AuditEventEntry> Events, string? NextMarker, bool Truncated);

internal sealed record VerifyAuditTrailRequest;

internal sealed record VerifyAuditTrailResponse(bool Verified, long Events, string? HeadHash, long? FirstBadSequence, string? Problem);

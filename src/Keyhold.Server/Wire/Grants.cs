namespace Keyhold.Server.Wire;

// Grant operations.

internal sealed record GrantConstraints(Dictionary<string, string>? EncryptionContextSubset, Dictionary<string, string>? EncryptionContextEquals);

internal sealed record CreateGrantRequest(
    string? KeyId,
    string? GranteePrincipal,
    string? RetiringPrincipal,
    List<string>? Operations,
    GrantConstraints? Constraints,
    List<string>? GrantTokens,
    string? Name,
    bool? DryRun);

internal sealed record CreateGrantResponse(string GrantToken, string GrantId);

internal sealed record ListGrantsRequest(int? Limit, string? Marker, string? KeyId, string? GrantId, string? GranteePrincipal);

internal sealed record ListRetirableGrantsRequest(int? Limit, string? Marker, string? RetiringPrincipal);

internal sealed record GrantListEntry(
    string KeyId,
    string GrantId,
    string? Name,
    DateTimeOffset CreationDate,
    string GranteePrincipal,
    string? RetiringPrincipal,
    string IssuingAccount,
    List<string> Operations,
    GrantConstraints? Constraints);

internal sealed record ListGrantsResponse(List<GrantListEntry> Grants, string? NextMarker, bool Truncated);

internal sealed record RetireGrantRequest(string? GrantToken, string? KeyId, string? GrantId, bool? DryRun);

internal sealed record RevokeGrantRequest(string? KeyId, string? GrantId, bool? DryRun);

namespace Keyhold.Server.Wire;

// Alias operations.

internal sealed record AliasRequest(string? AliasName, string? TargetKeyId);

internal sealed record ListAliasesRequest(string? KeyId, int? Limit, string? Marker);

internal sealed record ListAliasesResponse(List<AliasListEntry> Aliases, string? NextMarker, bool Truncated);

internal sealed record AliasListEntry(
    string AliasName,
    string AliasArn,
    string? TargetKeyId,
    DateTimeOffset? CreationDate,
    DateTimeOffset? LastUpdatedDate);

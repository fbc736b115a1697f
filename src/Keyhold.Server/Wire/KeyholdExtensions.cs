namespace Keyhold.Server.Wire;

// Keyhold's own operations, served under X-Amz-Target "KeyholdService.<Name>" (signed like every call; a standard
// AWS client never sends these targets). Shared by the keyhold CLI and the console.

internal sealed record RotateAliasRequest(string? AliasName, string? DatedAliasName, bool? Rollback, bool? DryRun);

internal sealed record RotateAliasResponse(
    string AliasName,
    string? PreviousKeyId,
    string CurrentKeyId,
    string? DatedAliasName,
    bool DryRun,
    List<RotateAliasStep> Steps);

/// <param name="Action">CreateDatedAlias, CreateKey, UpdateAlias.</param>
/// <param name="Detail">What the step does, for people.</param>
/// <param name="Status">Planned, Done, or AlreadyDone (found complete by a rerun).</param>
internal sealed record RotateAliasStep(string Action, string Detail, string Status);

internal sealed record AliasNameRequest(string? AliasName);

internal sealed record GetAliasHistoryResponse(string AliasName, string AliasArn, List<AliasHistoryEntry> Changes);

internal sealed record AliasHistoryEntry(string Change, string? TargetKeyId, string? PreviousTargetKeyId, DateTimeOffset ChangedAt, string ChangedBy);

internal sealed record GetKeyUsageResponse(
    string KeyId,
    DateTimeOffset KeyCreationDate,
    KeyLastUsageData? KeyLastUsage,
    List<MaterialUsageEntry> KeyMaterials);

internal sealed record MaterialUsageEntry(
    string KeyMaterialId,
    int Version,
    string KeyMaterialState,
    DateTimeOffset CreatedAt,
    string? RotationType,
    long DecryptCount,
    DateTimeOffset? LastDecryptDate);

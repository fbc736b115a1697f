namespace Keyhold.Cli.Wire;

// The CLI's side of Keyhold's own operations (X-Amz-Target "KeyholdService.<Name>"), mirroring the server's
// src/Keyhold.Server/Wire/KeyholdExtensions.cs. Members the server may omit are nullable.

internal sealed record RotateAliasRequest(string AliasName, string? DatedAliasName, bool? Rollback, bool? DryRun);

internal sealed record RotateAliasResponse(
    string AliasName,
    string? PreviousKeyId,
    string CurrentKeyId,
    string? DatedAliasName,
    bool DryRun,
    List<RotateAliasStep> Steps);

/// <param name="Action">CreateDatedAlias, CreateKey or UpdateAlias.</param>
/// <param name="Detail">What the step does, in the server's words.</param>
/// <param name="Status">Planned, Done, or AlreadyDone (found complete by a rerun).</param>
internal sealed record RotateAliasStep(string Action, string Detail, string Status);

internal sealed record AliasNameRequest(string AliasName);

internal sealed record GetAliasHistoryResponse(string AliasName, string AliasArn, List<AliasHistoryEntry> Changes);

/// <summary>One change of an alias: Change is Create, Update or Delete; ChangedBy is the ARN of the principal who made it.</summary>
internal sealed record AliasHistoryEntry(string Change, string? TargetKeyId, string? PreviousTargetKeyId, DateTimeOffset ChangedAt, string ChangedBy);

internal sealed record KeyIdRequest(string KeyId);

internal sealed record GetKeyUsageResponse(
    string KeyId,
    DateTimeOffset KeyCreationDate,
    KeyLastUsageData? KeyLastUsage,
    List<MaterialUsageEntry> KeyMaterials);

internal sealed record KeyLastUsageData(string Operation, DateTimeOffset Timestamp, string? KmsRequestId);

/// <summary>
/// One key-material version: KeyMaterialState is CURRENT or NON_CURRENT; RotationType is AUTOMATIC or ON_DEMAND,
/// null for the key's first material.
/// </summary>
internal sealed record MaterialUsageEntry(
    string KeyMaterialId,
    int Version,
    string KeyMaterialState,
    DateTimeOffset CreatedAt,
    string? RotationType,
    long DecryptCount,
    DateTimeOffset? LastDecryptDate);

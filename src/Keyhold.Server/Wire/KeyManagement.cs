namespace Keyhold.Server.Wire;

// Request and response shapes of key management operations, named as in the service model (kms-service-2.json).

internal sealed record CreateKeyRequest(
    string? Policy,
    string? Description,
    string? KeyUsage,
    string? CustomerMasterKeySpec,
    string? KeySpec,
    string? Origin,
    string? CustomKeyStoreId,
    bool? BypassPolicyLockoutSafetyCheck,
    List<Tag>? Tags,
    bool? MultiRegion,
    string? XksKeyId);

internal sealed record CreateKeyResponse(KeyMetadata KeyMetadata);

internal sealed record DescribeKeyRequest(string? KeyId, List<string>? GrantTokens);

internal sealed record DescribeKeyResponse(KeyMetadata KeyMetadata);

internal sealed record ListKeysRequest(int? Limit, string? Marker);

internal sealed record ListKeysResponse(List<KeyListEntry> Keys, string? NextMarker, bool Truncated);

internal sealed record KeyListEntry(string KeyId, string KeyArn);

internal sealed record UpdateKeyDescriptionRequest(string? KeyId, string? Description);

internal sealed record KeyIdRequest(string? KeyId);

internal sealed record ScheduleKeyDeletionRequest(string? KeyId, int? PendingWindowInDays);

internal sealed record ScheduleKeyDeletionResponse(string KeyId, DateTimeOffset DeletionDate, string KeyState, int PendingWindowInDays);

internal sealed record CancelKeyDeletionResponse(string KeyId);

internal sealed record EmptyResponse;

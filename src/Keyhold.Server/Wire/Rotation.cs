namespace Keyhold.Server.Wire;

// Key rotation and usage operations.

internal sealed record EnableKeyRotationRequest(string? KeyId, int? RotationPeriodInDays);

internal sealed record GetKeyRotationStatusResponse(
    bool KeyRotationEnabled,
    string KeyId,
    int? RotationPeriodInDays,
    DateTimeOffset? NextRotationDate,
    DateTimeOffset? OnDemandRotationStartDate);

internal sealed record RotateKeyOnDemandResponse(string KeyId);

internal sealed record ListKeyRotationsRequest(string? KeyId, string? IncludeKeyMaterial, int? Limit, string? Marker);

internal sealed record ListKeyRotationsResponse(List<RotationsListEntry> Rotations, string? NextMarker, bool Truncated);

internal sealed record RotationsListEntry(
    string KeyId,
    string KeyMaterialId,
    string KeyMaterialState,
    DateTimeOffset? RotationDate,
    string? RotationType);

internal sealed record GetKeyLastUsageResponse(
    string KeyId,
    KeyLastUsageData? KeyLastUsage,
    DateTimeOffset TrackingStartDate,
    DateTimeOffset KeyCreationDate);

internal sealed record KeyLastUsageData(string Operation, DateTimeOffset Timestamp, string? KmsRequestId);

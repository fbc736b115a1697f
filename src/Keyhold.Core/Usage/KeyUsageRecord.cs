namespace Keyhold.Core.Usage;

/// <summary>What the store knows about a key's use: its last successful cryptographic operation and decrypts per material version.</summary>
public sealed record KeyUsageRecord(
    string KeyId,
    string? LastOperation,
    DateTimeOffset? LastUsedAt,
    string? LastRequestId,
    IReadOnlyList<MaterialUsage> Materials);

namespace Keyhold.Core.Usage;

/// <summary>
/// Successful cryptographic use of a key, aggregated in memory and flushed to the store in batches
/// (usage tracking must not add a store round trip to the hot path).
/// </summary>
/// <param name="KeyId">The key used.</param>
/// <param name="Operation">The KMS operation (KeyLastUsageTrackingOperation), e.g. Decrypt.</param>
/// <param name="UsedAt">When the last of the aggregated uses happened.</param>
/// <param name="RequestId">Request id of that last use.</param>
/// <param name="DecryptedMaterialVersion">For Decrypt and the source side of ReEncrypt: the material version that decrypted.</param>
/// <param name="Count">How many uses this delta aggregates.</param>
public sealed record KeyUsageDelta(string KeyId, string Operation, DateTimeOffset UsedAt, string RequestId, int? DecryptedMaterialVersion, long Count);

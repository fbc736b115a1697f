using Keyhold.Core.Errors;
using Keyhold.Core.Keys;
using Keyhold.Core.Storage;

namespace Keyhold.Server.Keys;

/// <summary>
/// Rotates a symmetric key: a new random material version becomes current in one store transaction (material row and
/// key row together, compare-and-swap), so a concurrent Encrypt sees either the old or the new version. Older
/// versions are never removed: every ciphertext names its version and keeps decrypting.
/// </summary>
internal sealed class KeyRotator(IKeyholdStore store, KeyMaterialRing materials, TimeProvider time)
{
    public const string Automatic = "AUTOMATIC";
    public const string OnDemand = "ON_DEMAND";
    public const int MaxOnDemandRotations = 10;
    /// <summary>
    /// Every lost compare-and-swap means another writer's change committed, so N racers on one key finish within N
    /// attempts; 32 covers far more concurrent writers of one key than any real workload has.
    /// </summary>
    private const int MaxAttempts = 32;

    /// <summary>AWS's rules: only symmetric keys with AWS_KMS origin rotate (message recorded from AWS).</summary>
    public static void EnsureRotatable(KeyRecord key)
    {
        if (key.Origin != "AWS_KMS")
        {
            throw new KmsException(KmsErrorCodes.UnsupportedOperation, $"{key.Arn} origin is {key.Origin} which is not valid for this operation.");
        }

        if (key.KeySpec != "SYMMETRIC_DEFAULT")
        {
            // AWS answers asymmetric and HMAC keys with an empty message (shared/reference/aws-recorded).
            throw new KmsException(KmsErrorCodes.UnsupportedOperation, message: null);
        }
    }

    /// <summary>
    /// Rotates now. <paramref name="change"/> runs on the freshest key row and its materials: it may refuse (throw an AWS
    /// error), adjust other fields, or return null to skip the rotation (then the result is null).
    /// </summary>
    public async Task<KeyRecord?> RotateAsync(KeyRecord key, string rotationType, Func<KeyRecord, IReadOnlyList<KeyMaterialRecord>, KeyRecord?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var existing = await store.GetKeyMaterialsAsync(key.KeyId, cancellationToken).ConfigureAwait(false);
            var updated = change(key, existing);
            if (updated is null)
            {
                return null;
            }

            var version = existing.Count == 0 ? 1 : existing.Max(m => m.Version) + 1;
            var material = materials.CreateSymmetric(key.KeyId, version) with { RotationType = rotationType, CreatedAt = time.GetUtcNow() };
            try
            {
                return await store.AddKeyMaterialAsync(updated with { CurrentMaterialVersion = version }, material, cancellationToken).ConfigureAwait(false);
            }
            catch (StoreConflictException) when (attempt < MaxAttempts)
            {
                key = await store.GetKeyAsync(key.AccountId, key.Region, key.KeyId, cancellationToken).ConfigureAwait(false)
                    ?? throw KmsErrors.KeyNotFound(key.Arn);
            }
        }
    }

    /// <summary>The LimitExceededException AWS returns after 10 on-demand rotations (wording recorded from AWS).</summary>
    public static void EnsureOnDemandAllowed(KeyRecord key, IReadOnlyList<KeyMaterialRecord> existing)
    {
        if (existing.Count(m => m.RotationType == OnDemand) >= MaxOnDemandRotations)
        {
            throw new KmsException(
                KmsErrorCodes.LimitExceeded,
                $"The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: {key.Arn}");
        }
    }
}

using Keyhold.Core.Errors;
using Keyhold.Core.Keys;
using Keyhold.Crypto.Asymmetric;
using Keyhold.Server.Authorization;
using Keyhold.Server.Protocol;

namespace Keyhold.Server.Keys;

/// <summary>
/// The shared core of the operations on asymmetric and HMAC keys: resolve and authorize the key, then AWS's checks in
/// AWS's words — key usage (<c>&lt;arn&gt; key usage is X which is not valid for Op.</c>), key state, and the algorithm
/// (<c>Algorithm A is incompatible with key spec S.</c>) — and the loaded private key or HMAC key of the current
/// material (asymmetric and HMAC keys are never rotated, so there is only one).
/// </summary>
internal sealed class AsymmetricCryptor(KeyResolver resolver, KmsAuthorizer authorizer, KeyMaterialRing materials)
{
    /// <summary>Resolves the key named in the request for <paramref name="usage"/> and loads its private key.</summary>
    public async Task<(KeyRecord Key, AsymmetricKey Loaded)> ResolveAsync(
        KmsRequestContext context, string keyId, string usage, string? algorithm, KeyAccess access, CancellationToken cancellationToken)
    {
        var key = await resolver.ResolveAsync(context, keyId, allowAlias: true, access, cancellationToken).ConfigureAwait(false);
        return (key, await LoadAsync(context, key, usage, algorithm, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>For a key already found (Decrypt with KeyId): authorizes <paramref name="access"/>, checks and loads it.</summary>
    public async Task<AsymmetricKey> AuthorizeAndLoadAsync(
        KmsRequestContext context, KeyRecord key, string usage, string? algorithm, KeyAccess access, CancellationToken cancellationToken)
    {
        await authorizer.AuthorizeAsync(context, key, access, cancellationToken).ConfigureAwait(false);
        return await LoadAsync(context, key, usage, algorithm, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Resolves an HMAC key for GenerateMac/VerifyMac and returns its key bytes.</summary>
    public async Task<(KeyRecord Key, byte[] Material)> ResolveHmacAsync(KmsRequestContext context, string keyId, string macAlgorithm, CancellationToken cancellationToken)
    {
        var key = await resolver.ResolveAsync(context, keyId, allowAlias: true, cancellationToken).ConfigureAwait(false);
        Check(context, key, "GENERATE_VERIFY_MAC", macAlgorithm);
        var material = await materials.GetAsync(key.KeyId, key.CurrentMaterialVersion, cancellationToken).ConfigureAwait(false)
            ?? throw KmsErrors.Internal($"Key {key.Arn} has no material version {key.CurrentMaterialVersion}.");
        return (key, material.Material);
    }

    /// <summary>AWS's algorithm check: <c>Algorithm A is incompatible with key spec S.</c> (InvalidKeyUsageException).</summary>
    public static void EnsureAlgorithm(KeyRecord key, string algorithm)
    {
        if (!KeyAlgorithms.Allows(key, algorithm))
        {
            throw new KmsException(KmsErrorCodes.InvalidKeyUsage, $"Algorithm {algorithm} is incompatible with key spec {key.KeySpec}.");
        }
    }

    /// <summary>
    /// RSA-OAEP (or SM2PKE) encryption under an asymmetric ENCRYPT_DECRYPT key, with AWS's plaintext limits. There is no
    /// encryption context for asymmetric keys: AWS refuses one.
    /// </summary>
    public async Task<byte[]> EncryptAsync(
        KmsRequestContext context, KeyRecord key, string? algorithm, IReadOnlyDictionary<string, string>? encryptionContext, byte[] plaintext, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(plaintext);
        var loaded = await LoadAsync(context, key, "ENCRYPT_DECRYPT", algorithm ?? "SYMMETRIC_DEFAULT", cancellationToken).ConfigureAwait(false);
        EnsureNoEncryptionContext(encryptionContext);
        var max = AsymmetricKey.MaxPlaintextBytes(key.KeySpec, algorithm!);
        if (plaintext.Length > max)
        {
            throw KmsErrors.Validation($"Algorithm {algorithm} and key spec {key.KeySpec} cannot encrypt data larger than {max} bytes.");
        }

        return dryRun ? throw KmsErrors.DryRun() : loaded.Encrypt(algorithm!, plaintext);
    }

    /// <summary>Decrypts a raw asymmetric ciphertext; any failure is the uniform InvalidCiphertextException.</summary>
    public async Task<DecryptedBlob> DecryptAsync(
        KmsRequestContext context, KeyRecord key, string? algorithm, IReadOnlyDictionary<string, string>? encryptionContext, byte[] ciphertext, KeyAccess access, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var loaded = await AuthorizeAndLoadAsync(context, key, "ENCRYPT_DECRYPT", algorithm ?? "SYMMETRIC_DEFAULT", access, cancellationToken).ConfigureAwait(false);
        EnsureNoEncryptionContext(encryptionContext);
        var plaintext = loaded.Decrypt(algorithm!, ciphertext) ?? throw KmsErrors.InvalidCiphertext();
        var material = await materials.GetAsync(key.KeyId, key.CurrentMaterialVersion, cancellationToken).ConfigureAwait(false);
        return new DecryptedBlob(key, plaintext, key.CurrentMaterialVersion, material?.MaterialId ?? string.Empty);
    }

    /// <summary>Runs a primitive, turning the caller's bad input (wrong digest length, bad peer key) into ValidationException.</summary>
    public static T Validated<T>(Func<T> primitive)
    {
        ArgumentNullException.ThrowIfNull(primitive);
        try
        {
            return primitive();
        }
        catch (AsymmetricInputException ex)
        {
            throw ex.IsIncompatibleAlgorithm ? new KmsException(KmsErrorCodes.InvalidKeyUsage, ex.Message) : KmsErrors.Validation(ex.Message);
        }
    }

    private static void EnsureNoEncryptionContext(IReadOnlyDictionary<string, string>? encryptionContext)
    {
        if (encryptionContext is { Count: > 0 })
        {
            throw KmsErrors.Validation("EncryptionContext is not supported for asymmetric KMS keys.");
        }
    }

    private async Task<AsymmetricKey> LoadAsync(KmsRequestContext context, KeyRecord key, string usage, string? algorithm, CancellationToken cancellationToken)
    {
        Check(context, key, usage, algorithm);
        return await materials.GetAsymmetricAsync(key.KeyId, key.CurrentMaterialVersion, key.KeySpec, cancellationToken).ConfigureAwait(false)
            ?? throw KmsErrors.Internal($"Key {key.Arn} has no material version {key.CurrentMaterialVersion}.");
    }

    private static void Check(KmsRequestContext context, KeyRecord key, string usage, string? algorithm)
    {
        if (key.KeyUsage != usage)
        {
            throw KmsErrors.InvalidKeyUsage(key.Arn, key.KeyUsage, context.Operation);
        }

        KeyStateRules.EnsureUsable(key);
        if (algorithm is not null)
        {
            EnsureAlgorithm(key, algorithm);
        }
    }
}

using Keyhold.Core.Errors;
using Keyhold.Core.Keys;
using Keyhold.Core.Storage;
using Keyhold.Crypto.Envelope;
using Keyhold.Server.Authorization;
using Keyhold.Server.Protocol;

namespace Keyhold.Server.Keys;

/// <summary>
/// Encrypt and decrypt under symmetric KMS keys: the shared core of Encrypt, Decrypt, ReEncrypt and GenerateDataKey*.
/// Encryption uses the key's current material version; decryption uses the version the ciphertext names, so every
/// ciphertext ever returned stays decryptable after rotations. Every failure to open a blob is the uniform,
/// message-less InvalidCiphertextException.
/// </summary>
internal sealed class SymmetricCryptor(IKeyholdStore store, KeyResolver resolver, KmsAuthorizer authorizer, KeyMaterialRing materials)
{
    public const string Algorithm = "SYMMETRIC_DEFAULT";

    public static void EnsureAlgorithm(string? algorithm, KeyRecord key)
    {
        if (algorithm is not null && algorithm != Algorithm)
        {
            throw new KmsException(KmsErrorCodes.InvalidKeyUsage, $"Algorithm {algorithm} is incompatible with key spec {key.KeySpec}.");
        }
    }

    /// <summary>Resolves the key named in a request, authorizes <paramref name="access"/> on it and checks that it can encrypt now.</summary>
    public async Task<KeyRecord> ResolveForEncryptAsync(KmsRequestContext context, string keyId, string? algorithm, KeyAccess access, CancellationToken cancellationToken)
    {
        var key = await resolver.ResolveAsync(context, keyId, allowAlias: true, access, cancellationToken).ConfigureAwait(false);
        EnsureEncryptable(key, context.Operation, algorithm);
        return key;
    }

    /// <summary>The symmetric checks on a resolved key: ENCRYPT_DECRYPT, SYMMETRIC_DEFAULT, Enabled, and the algorithm.</summary>
    public static void EnsureEncryptable(KeyRecord key, string operation, string? algorithm)
    {
        KeyStateRules.EnsureSymmetricEncryption(key, operation);
        KeyStateRules.EnsureUsable(key);
        EnsureAlgorithm(algorithm, key);
    }

    public async Task<(byte[] Ciphertext, string MaterialId)> EncryptAsync(
        KeyRecord key, ReadOnlyMemory<byte> plaintext, IReadOnlyDictionary<string, string>? encryptionContext, CancellationToken cancellationToken)
    {
        var material = await materials.GetAsync(key.KeyId, key.CurrentMaterialVersion, cancellationToken).ConfigureAwait(false)
            ?? throw KmsErrors.Internal($"Key {key.Arn} has no material version {key.CurrentMaterialVersion}.");
        var blob = SymmetricCiphertext.Encrypt(Guid.Parse(key.KeyId), key.CurrentMaterialVersion, material.Material, plaintext.Span, encryptionContext);
        return (blob, material.MaterialId);
    }

    /// <summary>
    /// Finds the key the ciphertext names (the caller's, in this region), or takes <paramref name="expectedKey"/> — the key
    /// the request named, found by the caller, possibly of another account — when it is that key (IncorrectKeyException
    /// when it differs), authorizes <paramref name="access"/> on the key, checks the key state, and opens the blob.
    /// </summary>
    public async Task<DecryptedBlob> DecryptAsync(
        KmsRequestContext context,
        byte[] ciphertext,
        IReadOnlyDictionary<string, string>? encryptionContext,
        KeyRecord? expectedKey,
        string? algorithm,
        KeyAccess access,
        CancellationToken cancellationToken)
    {
        if (!SymmetricCiphertext.TryReadHeader(ciphertext, out var header))
        {
            throw KmsErrors.InvalidCiphertext();
        }

        var keyId = header.KeyId.ToString("D");
        if (expectedKey is not null && expectedKey.KeyId != keyId)
        {
            throw KmsErrors.IncorrectKey();
        }

        var key = expectedKey;

        // A blob naming no key of the caller's (a deleted key, another account's not named by KeyId, or not ours at
        // all) cannot be opened: that is InvalidCiphertextException, as for any other blob we cannot authenticate.
        key ??= await store.GetKeyAsync(context.AccountId, context.Region, keyId, cancellationToken).ConfigureAwait(false)
            ?? throw KmsErrors.InvalidCiphertext();
        await authorizer.AuthorizeAsync(context, key, access, cancellationToken).ConfigureAwait(false);
        KeyStateRules.EnsureSymmetricEncryption(key, context.Operation);
        KeyStateRules.EnsureUsable(key);
        EnsureAlgorithm(algorithm, key);
        var material = await materials.GetAsync(key.KeyId, header.MaterialVersion, cancellationToken).ConfigureAwait(false)
            ?? throw KmsErrors.InvalidCiphertext();
        var plaintext = SymmetricCiphertext.TryDecrypt(ciphertext, material.Material, encryptionContext)
            ?? throw KmsErrors.InvalidCiphertext();
        return new DecryptedBlob(key, plaintext, header.MaterialVersion, material.MaterialId);
    }
}

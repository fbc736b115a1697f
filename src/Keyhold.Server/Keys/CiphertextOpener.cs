using Keyhold.Crypto.Asymmetric;
using Keyhold.Server.Authorization;
using Keyhold.Server.Protocol;

namespace Keyhold.Server.Keys;

/// <summary>
/// Opens a ciphertext for Decrypt and ReEncrypt: the key the request names (if any) is found once; an asymmetric key
/// means a raw RSA-OAEP/SM2 ciphertext (<see cref="AsymmetricCryptor"/>), anything else Keyhold's symmetric envelope,
/// which names its own key (<see cref="SymmetricCryptor"/>).
/// </summary>
internal sealed class CiphertextOpener(KeyResolver resolver, SymmetricCryptor symmetric, AsymmetricCryptor asymmetric)
{
    public async Task<DecryptedBlob> OpenAsync(
        KmsRequestContext context,
        byte[] ciphertext,
        IReadOnlyDictionary<string, string>? encryptionContext,
        string? keyId,
        string? algorithm,
        KeyAccess access,
        CancellationToken cancellationToken)
    {
        var named = keyId is null ? null : await resolver.FindAsync(context, keyId, allowAlias: true, cancellationToken).ConfigureAwait(false);
        return named is not null && KeySpecs.IsAsymmetric(named.KeySpec)
            ? await asymmetric.DecryptAsync(context, named, algorithm, encryptionContext, ciphertext, access, cancellationToken).ConfigureAwait(false)
            : await symmetric.DecryptAsync(context, ciphertext, encryptionContext, named, algorithm, access, cancellationToken).ConfigureAwait(false);
    }
}

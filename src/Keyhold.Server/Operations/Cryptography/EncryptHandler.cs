using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Crypto.Asymmetric;
using Keyhold.Server.Authorization;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Usage;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Cryptography;

/// <summary>
/// Encrypt: up to 4096 bytes under a symmetric key's current material, bound to the encryption context; or RSA-OAEP
/// under an asymmetric ENCRYPT_DECRYPT key, a raw ciphertext anyone with the public key could have made.
/// </summary>
internal sealed class EncryptHandler(KeyResolver resolver, SymmetricCryptor cryptor, AsymmetricCryptor asymmetric, KeyUsageRecorder usage) : KmsOperation<EncryptRequest, EncryptResponse>
{
    public override string Name => "Encrypt";

    protected override JsonTypeInfo<EncryptRequest> RequestType => KmsJsonContext.Default.EncryptRequest;

    protected override JsonTypeInfo<EncryptResponse> ResponseType => KmsJsonContext.Default.EncryptResponse;

    public override async Task<EncryptResponse> HandleAsync(KmsRequestContext context, EncryptRequest request, CancellationToken cancellationToken)
    {
        var key = await resolver.ResolveAsync(context, request.KeyId!, allowAlias: true, KeyAccess.For(Name), cancellationToken).ConfigureAwait(false);
        if (KeySpecs.IsAsymmetric(key.KeySpec))
        {
            var blob = await asymmetric.EncryptAsync(
                context, key, request.EncryptionAlgorithm, request.EncryptionContext, request.Plaintext!, request.DryRun == true, cancellationToken).ConfigureAwait(false);
            usage.Record(key.KeyId, Name, context.RequestId);
            return new EncryptResponse(blob, key.Arn, request.EncryptionAlgorithm!);
        }

        SymmetricCryptor.EnsureEncryptable(key, Name, request.EncryptionAlgorithm);
        if (request.DryRun == true)
        {
            throw KmsErrors.DryRun();
        }

        var (ciphertext, _) = await cryptor.EncryptAsync(key, request.Plaintext, request.EncryptionContext, cancellationToken).ConfigureAwait(false);
        usage.Record(key.KeyId, Name, context.RequestId);
        return new EncryptResponse(ciphertext, key.Arn, SymmetricCryptor.Algorithm);
    }
}

using System.Security.Cryptography;
using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Server.Authorization;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Usage;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Cryptography;

/// <summary>Encrypt: up to 4096 bytes under a symmetric key's current material, bound to the encryption context.</summary>
internal sealed class EncryptHandler(SymmetricCryptor cryptor, KeyUsageRecorder usage) : KmsOperation<EncryptRequest, EncryptResponse>
{
    public override string Name => "Encrypt";

    protected override JsonTypeInfo<EncryptRequest> RequestType => KmsJsonContext.Default.EncryptRequest;

    protected override JsonTypeInfo<EncryptResponse> ResponseType => KmsJsonContext.Default.EncryptResponse;

    public override async Task<EncryptResponse> HandleAsync(KmsRequestContext context, EncryptRequest request, CancellationToken cancellationToken)
    {
        var key = await cryptor.ResolveForEncryptAsync(context, request.KeyId!, request.EncryptionAlgorithm, KeyAccess.For(Name), cancellationToken).ConfigureAwait(false);
        if (request.DryRun == true)
        {
            throw KmsErrors.DryRun();
        }

        var (ciphertext, _) = await cryptor.EncryptAsync(key, request.Plaintext, request.EncryptionContext, cancellationToken).ConfigureAwait(false);
        usage.Record(key.KeyId, Name, context.RequestId);
        return new EncryptResponse(ciphertext, key.Arn, SymmetricCryptor.Algorithm);
    }
}

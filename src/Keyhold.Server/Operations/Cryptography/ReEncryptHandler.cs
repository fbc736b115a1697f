using System.Security.Cryptography;
using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Server.Authorization;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Usage;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Cryptography;

/// <summary>ReEncrypt: decrypts under the source key and encrypts under the destination key, on the server only.</summary>
internal sealed class ReEncryptHandler(SymmetricCryptor cryptor, KeyUsageRecorder usage) : KmsOperation<ReEncryptRequest, ReEncryptResponse>
{
    public override string Name => "ReEncrypt";

    protected override JsonTypeInfo<ReEncryptRequest> RequestType => KmsJsonContext.Default.ReEncryptRequest;

    protected override JsonTypeInfo<ReEncryptResponse> ResponseType => KmsJsonContext.Default.ReEncryptResponse;

    public override async Task<ReEncryptResponse> HandleAsync(KmsRequestContext context, ReEncryptRequest request, CancellationToken cancellationToken)
    {
        if (request.CiphertextBlob is null)
        {
            throw KmsErrors.Validation("1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null");
        }

        var source = await cryptor.DecryptAsync(
            context, request.CiphertextBlob, request.SourceEncryptionContext, request.SourceKeyId, request.SourceEncryptionAlgorithm,
            new KeyAccess("kms:ReEncryptFrom") { EncryptionContext = request.SourceEncryptionContext }, cancellationToken).ConfigureAwait(false);
        try
        {
            var destination = await cryptor.ResolveForEncryptAsync(
                context,
                request.DestinationKeyId!,
                request.DestinationEncryptionAlgorithm,
                new KeyAccess("kms:ReEncryptTo") { EncryptionContext = request.DestinationEncryptionContext },
                cancellationToken).ConfigureAwait(false);
            if (request.DryRun == true)
            {
                throw KmsErrors.DryRun();
            }

            var (ciphertext, materialId) = await cryptor.EncryptAsync(
                destination, source.Plaintext, request.DestinationEncryptionContext, cancellationToken).ConfigureAwait(false);
            usage.Record(source.Key.KeyId, Name, context.RequestId, source.MaterialVersion);
            usage.Record(destination.KeyId, Name, context.RequestId);
            return new ReEncryptResponse(
                ciphertext, source.Key.Arn, destination.Arn, SymmetricCryptor.Algorithm, SymmetricCryptor.Algorithm, source.MaterialId, materialId);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(source.Plaintext);
        }
    }
}

using System.Security.Cryptography;
using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Crypto.Asymmetric;
using Keyhold.Server.Authorization;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Usage;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Cryptography;

/// <summary>ReEncrypt: decrypts under the source key and encrypts under the destination key, on the server only.</summary>
internal sealed class ReEncryptHandler(KeyResolver resolver, CiphertextOpener opener, SymmetricCryptor cryptor, AsymmetricCryptor asymmetric, KeyUsageRecorder usage) : KmsOperation<ReEncryptRequest, ReEncryptResponse>
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

        var sourceAccess = new KeyAccess("kms:ReEncryptFrom") { EncryptionContext = request.SourceEncryptionContext };
        var source = await opener.OpenAsync(
            context, request.CiphertextBlob, request.SourceEncryptionContext, request.SourceKeyId, request.SourceEncryptionAlgorithm, sourceAccess, cancellationToken).ConfigureAwait(false);
        try
        {
            var destinationAccess = new KeyAccess("kms:ReEncryptTo") { EncryptionContext = request.DestinationEncryptionContext };
            var destination = await resolver.ResolveAsync(context, request.DestinationKeyId!, allowAlias: true, destinationAccess, cancellationToken).ConfigureAwait(false);
            byte[] ciphertext;
            string? materialId = null;
            if (KeySpecs.IsAsymmetric(destination.KeySpec))
            {
                ciphertext = await asymmetric.EncryptAsync(
                    context, destination, request.DestinationEncryptionAlgorithm, request.DestinationEncryptionContext, source.Plaintext, request.DryRun == true, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                SymmetricCryptor.EnsureEncryptable(destination, Name, request.DestinationEncryptionAlgorithm);
                if (request.DryRun == true)
                {
                    throw KmsErrors.DryRun();
                }

                (ciphertext, materialId) = await cryptor.EncryptAsync(destination, source.Plaintext, request.DestinationEncryptionContext, cancellationToken).ConfigureAwait(false);
            }

            usage.Record(source.Key.KeyId, Name, context.RequestId, source.MaterialVersion);
            usage.Record(destination.KeyId, Name, context.RequestId);
            return new ReEncryptResponse(
                ciphertext,
                source.Key.Arn,
                destination.Arn,
                request.SourceEncryptionAlgorithm ?? SymmetricCryptor.Algorithm,
                request.DestinationEncryptionAlgorithm ?? SymmetricCryptor.Algorithm,
                source.MaterialId,
                materialId);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(source.Plaintext);
        }
    }
}

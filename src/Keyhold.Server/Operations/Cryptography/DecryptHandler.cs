using System.Security.Cryptography;
using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Server.Authorization;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Usage;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Cryptography;

/// <summary>
/// Decrypt: a symmetric ciphertext names its key and material version (KeyId is optional and must match if given); an
/// asymmetric ciphertext is raw, so its key must be named by KeyId with the EncryptionAlgorithm, as AWS requires.
/// </summary>
internal sealed class DecryptHandler(CiphertextOpener opener, KeyUsageRecorder usage) : KmsOperation<DecryptRequest, DecryptResponse>
{
    public override string Name => "Decrypt";

    protected override JsonTypeInfo<DecryptRequest> RequestType => KmsJsonContext.Default.DecryptRequest;

    protected override JsonTypeInfo<DecryptResponse> ResponseType => KmsJsonContext.Default.DecryptResponse;

    public override async Task<DecryptResponse> HandleAsync(KmsRequestContext context, DecryptRequest request, CancellationToken cancellationToken)
    {
        if (request.CiphertextBlob is null)
        {
            throw KmsErrors.Validation("1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null");
        }

        RecipientRules.EnsureAbsent(request.Recipient);
        var result = await opener.OpenAsync(
            context, request.CiphertextBlob, request.EncryptionContext, request.KeyId, request.EncryptionAlgorithm, KeyAccess.For(Name), cancellationToken).ConfigureAwait(false);
        if (request.DryRun == true)
        {
            CryptographicOperations.ZeroMemory(result.Plaintext);
            throw KmsErrors.DryRun();
        }

        usage.Record(result.Key.KeyId, Name, context.RequestId, result.MaterialVersion);
        return new DecryptResponse(result.Key.Arn, result.Plaintext, request.EncryptionAlgorithm ?? SymmetricCryptor.Algorithm, result.MaterialId);
    }
}

using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Server.Authorization;
using Keyhold.Server.Keys;
using Keyhold.Server.Operations.Cryptography;
using Keyhold.Server.Protocol;
using Keyhold.Server.Usage;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.KeyAgreement;

/// <summary>DeriveSharedSecret: ECDH between a KEY_AGREEMENT key's private key and the peer's public key (DER SPKI).</summary>
internal sealed class DeriveSharedSecretHandler(AsymmetricCryptor cryptor, KeyUsageRecorder usage) : KmsOperation<DeriveSharedSecretRequest, DeriveSharedSecretResponse>
{
    public override string Name => "DeriveSharedSecret";

    protected override JsonTypeInfo<DeriveSharedSecretRequest> RequestType => KmsJsonContext.Default.DeriveSharedSecretRequest;

    protected override JsonTypeInfo<DeriveSharedSecretResponse> ResponseType => KmsJsonContext.Default.DeriveSharedSecretResponse;

    public override async Task<DeriveSharedSecretResponse> HandleAsync(KmsRequestContext context, DeriveSharedSecretRequest request, CancellationToken cancellationToken)
    {
        RecipientRules.EnsureAbsent(request.Recipient);
        var algorithm = request.KeyAgreementAlgorithm!;
        var (key, loaded) = await cryptor.ResolveAsync(context, request.KeyId!, "KEY_AGREEMENT", algorithm, KeyAccess.For(Name), cancellationToken).ConfigureAwait(false);
        var secret = AsymmetricCryptor.Validated(() => loaded.DeriveSharedSecret(algorithm, request.PublicKey));
        if (request.DryRun == true)
        {
            throw KmsErrors.DryRun();
        }

        usage.Record(key.KeyId, Name, context.RequestId);
        return new DeriveSharedSecretResponse(key.Arn, secret, algorithm, key.Origin);
    }
}

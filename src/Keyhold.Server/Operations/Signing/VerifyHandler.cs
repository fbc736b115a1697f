using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Server.Authorization;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Usage;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Signing;

/// <summary>Verify: checks a signature with the key's public key; a bad signature is KMSInvalidSignatureException, as AWS.</summary>
internal sealed class VerifyHandler(AsymmetricCryptor cryptor, KeyUsageRecorder usage) : KmsOperation<VerifyRequest, VerifyResponse>
{
    public override string Name => "Verify";

    protected override JsonTypeInfo<VerifyRequest> RequestType => KmsJsonContext.Default.VerifyRequest;

    protected override JsonTypeInfo<VerifyResponse> ResponseType => KmsJsonContext.Default.VerifyResponse;

    public override async Task<VerifyResponse> HandleAsync(KmsRequestContext context, VerifyRequest request, CancellationToken cancellationToken)
    {
        var algorithm = request.SigningAlgorithm!;
        var (key, loaded) = await cryptor.ResolveAsync(context, request.KeyId!, "SIGN_VERIFY", algorithm, KeyAccess.For(Name), cancellationToken).ConfigureAwait(false);
        var messageType = request.MessageType ?? "RAW";
        var valid = AsymmetricCryptor.Validated(() => loaded.Verify(algorithm, messageType, request.Message, request.Signature));
        if (request.DryRun == true)
        {
            throw KmsErrors.DryRun();
        }

        usage.Record(key.KeyId, Name, context.RequestId);

        // AWS answers a signature that does not verify with an error that carries no message.
        return valid ? new VerifyResponse(key.Arn, true, algorithm) : throw new KmsException(KmsErrorCodes.KmsInvalidSignature, message: null);
    }
}

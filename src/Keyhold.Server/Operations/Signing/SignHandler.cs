using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Server.Authorization;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Usage;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Signing;

/// <summary>Sign: a signature over a message (RAW), a digest (DIGEST) or an ML-DSA mu (EXTERNAL_MU) with a SIGN_VERIFY key.</summary>
internal sealed class SignHandler(AsymmetricCryptor cryptor, KeyUsageRecorder usage) : KmsOperation<SignRequest, SignResponse>
{
    public override string Name => "Sign";

    protected override JsonTypeInfo<SignRequest> RequestType => KmsJsonContext.Default.SignRequest;

    protected override JsonTypeInfo<SignResponse> ResponseType => KmsJsonContext.Default.SignResponse;

    public override async Task<SignResponse> HandleAsync(KmsRequestContext context, SignRequest request, CancellationToken cancellationToken)
    {
        var algorithm = request.SigningAlgorithm!;
        var (key, loaded) = await cryptor.ResolveAsync(context, request.KeyId!, "SIGN_VERIFY", algorithm, KeyAccess.For(Name), cancellationToken).ConfigureAwait(false);
        var messageType = request.MessageType ?? "RAW";
        var signature = AsymmetricCryptor.Validated(() => loaded.Sign(algorithm, messageType, request.Message));
        if (request.DryRun == true)
        {
            throw KmsErrors.DryRun();
        }

        usage.Record(key.KeyId, Name, context.RequestId);
        return new SignResponse(key.Arn, signature, algorithm);
    }
}

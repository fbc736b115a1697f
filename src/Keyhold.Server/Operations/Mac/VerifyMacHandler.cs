using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Crypto.Mac;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Usage;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Mac;

/// <summary>VerifyMac: recomputes the HMAC and compares in constant time; a mismatch is KMSInvalidMacException, as AWS.</summary>
internal sealed class VerifyMacHandler(AsymmetricCryptor cryptor, KeyUsageRecorder usage) : KmsOperation<VerifyMacRequest, VerifyMacResponse>
{
    public override string Name => "VerifyMac";

    protected override JsonTypeInfo<VerifyMacRequest> RequestType => KmsJsonContext.Default.VerifyMacRequest;

    protected override JsonTypeInfo<VerifyMacResponse> ResponseType => KmsJsonContext.Default.VerifyMacResponse;

    public override async Task<VerifyMacResponse> HandleAsync(KmsRequestContext context, VerifyMacRequest request, CancellationToken cancellationToken)
    {
        var algorithm = request.MacAlgorithm!;
        var (key, material) = await cryptor.ResolveHmacAsync(context, request.KeyId!, algorithm, cancellationToken).ConfigureAwait(false);
        if (request.DryRun == true)
        {
            throw KmsErrors.DryRun();
        }

        usage.Record(key.KeyId, Name, context.RequestId);
        return HmacKeys.Verify(algorithm, material, request.Message, request.Mac)
            ? new VerifyMacResponse(key.Arn, true, algorithm)
            : throw new KmsException(KmsErrorCodes.KmsInvalidMac, message: null);
    }
}

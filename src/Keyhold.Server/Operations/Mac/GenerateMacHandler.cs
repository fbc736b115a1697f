using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Crypto.Mac;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Usage;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Mac;

/// <summary>GenerateMac: an HMAC of the message under a GENERATE_VERIFY_MAC key with the algorithm its spec allows.</summary>
internal sealed class GenerateMacHandler(AsymmetricCryptor cryptor, KeyUsageRecorder usage) : KmsOperation<GenerateMacRequest, GenerateMacResponse>
{
    public override string Name => "GenerateMac";

    protected override JsonTypeInfo<GenerateMacRequest> RequestType => KmsJsonContext.Default.GenerateMacRequest;

    protected override JsonTypeInfo<GenerateMacResponse> ResponseType => KmsJsonContext.Default.GenerateMacResponse;

    public override async Task<GenerateMacResponse> HandleAsync(KmsRequestContext context, GenerateMacRequest request, CancellationToken cancellationToken)
    {
        var algorithm = request.MacAlgorithm!;
        var (key, material) = await cryptor.ResolveHmacAsync(context, request.KeyId!, algorithm, cancellationToken).ConfigureAwait(false);
        if (request.DryRun == true)
        {
            throw KmsErrors.DryRun();
        }

        var mac = HmacKeys.Compute(algorithm, material, request.Message);
        usage.Record(key.KeyId, Name, context.RequestId);
        return new GenerateMacResponse(mac, algorithm, key.Arn);
    }
}

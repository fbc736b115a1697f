using System.Text.Json.Serialization.Metadata;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Cryptography;

/// <summary>GenerateDataKeyPairWithoutPlaintext: a key pair whose private key is returned only encrypted.</summary>
internal sealed class GenerateDataKeyPairWithoutPlaintextHandler(DataKeyPairs pairs) : KmsOperation<GenerateDataKeyPairRequest, GenerateDataKeyPairResponse>
{
    public override string Name => "GenerateDataKeyPairWithoutPlaintext";

    protected override JsonTypeInfo<GenerateDataKeyPairRequest> RequestType => KmsJsonContext.Default.GenerateDataKeyPairRequest;

    protected override JsonTypeInfo<GenerateDataKeyPairResponse> ResponseType => KmsJsonContext.Default.GenerateDataKeyPairResponse;

    public override Task<GenerateDataKeyPairResponse> HandleAsync(KmsRequestContext context, GenerateDataKeyPairRequest request, CancellationToken cancellationToken) =>
        pairs.GenerateAsync(context, request, includePlaintext: false, cancellationToken);
}

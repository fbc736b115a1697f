using System.Text.Json.Serialization.Metadata;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Cryptography;

/// <summary>GenerateDataKeyPair: a key pair for use outside KMS, private key in plaintext and encrypted.</summary>
internal sealed class GenerateDataKeyPairHandler(DataKeyPairs pairs) : KmsOperation<GenerateDataKeyPairRequest, GenerateDataKeyPairResponse>
{
    public override string Name => "GenerateDataKeyPair";

    protected override JsonTypeInfo<GenerateDataKeyPairRequest> RequestType => KmsJsonContext.Default.GenerateDataKeyPairRequest;

    protected override JsonTypeInfo<GenerateDataKeyPairResponse> ResponseType => KmsJsonContext.Default.GenerateDataKeyPairResponse;

    public override Task<GenerateDataKeyPairResponse> HandleAsync(KmsRequestContext context, GenerateDataKeyPairRequest request, CancellationToken cancellationToken)
    {
        RecipientRules.EnsureAbsent(request.Recipient);
        return pairs.GenerateAsync(context, request, includePlaintext: true, cancellationToken);
    }
}

using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Policies;

/// <summary>PutKeyPolicy: replaces the key policy after structural validation (evaluation arrives with the authorization issue).</summary>
internal sealed class PutKeyPolicyHandler(KeyUpdater updater) : KmsOperation<PutKeyPolicyRequest, EmptyResponse>
{
    public override string Name => "PutKeyPolicy";

    protected override JsonTypeInfo<PutKeyPolicyRequest> RequestType => KmsJsonContext.Default.PutKeyPolicyRequest;

    protected override JsonTypeInfo<EmptyResponse> ResponseType => KmsJsonContext.Default.EmptyResponse;

    public override async Task<EmptyResponse> HandleAsync(KmsRequestContext context, PutKeyPolicyRequest request, CancellationToken cancellationToken)
    {
        KeyPolicyName.Validate(request.PolicyName);
        var policy = KeyPolicyDocument.Validate(request.Policy!);
        await updater.UpdateAsync(context, request.KeyId!, key => key with { Policy = policy }, cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

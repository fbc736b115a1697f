using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Policies;

/// <summary>GetKeyPolicy: the key policy document exactly as stored.</summary>
internal sealed class GetKeyPolicyHandler(KeyResolver resolver) : KmsOperation<GetKeyPolicyRequest, GetKeyPolicyResponse>
{
    public override string Name => "GetKeyPolicy";

    protected override JsonTypeInfo<GetKeyPolicyRequest> RequestType => KmsJsonContext.Default.GetKeyPolicyRequest;

    protected override JsonTypeInfo<GetKeyPolicyResponse> ResponseType => KmsJsonContext.Default.GetKeyPolicyResponse;

    public override async Task<GetKeyPolicyResponse> HandleAsync(KmsRequestContext context, GetKeyPolicyRequest request, CancellationToken cancellationToken)
    {
        KeyPolicyName.Validate(request.PolicyName);
        var key = await resolver.ResolveAsync(context, request.KeyId!, allowAlias: false, cancellationToken).ConfigureAwait(false);
        return new GetKeyPolicyResponse(key.Policy, DefaultKeyPolicy.PolicyName);
    }
}

using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Server.Authorization;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Policies;

/// <summary>PutKeyPolicy: validates the policy language and AWS's lockout safety check, then replaces the key policy.</summary>
internal sealed class PutKeyPolicyHandler(KeyUpdater updater, KeyResolver resolver, KmsAuthorizer authorizer) : KmsOperation<PutKeyPolicyRequest, EmptyResponse>
{
    public override string Name => "PutKeyPolicy";

    protected override JsonTypeInfo<PutKeyPolicyRequest> RequestType => KmsJsonContext.Default.PutKeyPolicyRequest;

    protected override JsonTypeInfo<EmptyResponse> ResponseType => KmsJsonContext.Default.EmptyResponse;

    public override async Task<EmptyResponse> HandleAsync(KmsRequestContext context, PutKeyPolicyRequest request, CancellationToken cancellationToken)
    {
        KeyPolicyName.Validate(request.PolicyName);
        var policy = request.Policy!;
        var document = KeyPolicyDocument.Parse(policy);
        if (request.BypassPolicyLockoutSafetyCheck != true)
        {
            var key = await resolver.ResolveAsync(context, request.KeyId!, allowAlias: false, cancellationToken).ConfigureAwait(false);
            await authorizer.EnsureCanStillManageAsync(context, key, document, cancellationToken).ConfigureAwait(false);
        }

        await updater.UpdateAsync(context, request.KeyId!, key => key with { Policy = policy }, cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Storage;
using Keyhold.Server.Authorization;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Iam;

/// <summary><c>KeyholdService.GetUserPolicy</c>: one of a user's inline policies, as stored.</summary>
internal sealed class GetUserPolicyHandler(IKeyholdStore store, KmsAuthorizer authorizer) : IamOperation<UserPolicyRequest, GetUserPolicyResponse>(authorizer)
{
    public override string Name => "GetUserPolicy";

    protected override JsonTypeInfo<UserPolicyRequest> RequestType => KmsJsonContext.Default.UserPolicyRequest;

    protected override JsonTypeInfo<GetUserPolicyResponse> ResponseType => KmsJsonContext.Default.GetUserPolicyResponse;

    public override async Task<GetUserPolicyResponse> HandleAsync(KmsRequestContext context, UserPolicyRequest request, CancellationToken cancellationToken)
    {
        var userName = IamNames.User(request.UserName);
        var policyName = IamNames.Policy(request.PolicyName);
        await AuthorizeAsync(context, UserArn(context, userName), cancellationToken).ConfigureAwait(false);
        if (await store.GetUserAsync(context.AccountId, userName, cancellationToken).ConfigureAwait(false) is null)
        {
            throw IamErrors.NoSuchUser(userName);
        }

        var policies = await store.GetUserPoliciesAsync(context.AccountId, userName, cancellationToken).ConfigureAwait(false);
        var policy = policies.FirstOrDefault(p => p.PolicyName == policyName) ?? throw IamErrors.NoSuchPolicy(userName, policyName);
        return new GetUserPolicyResponse(userName, policyName, policy.Document);
    }
}

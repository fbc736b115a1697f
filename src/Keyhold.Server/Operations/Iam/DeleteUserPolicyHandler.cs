using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Storage;
using Keyhold.Server.Authorization;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Iam;

/// <summary><c>KeyholdService.DeleteUserPolicy</c>: removes one of a user's inline policies, at once on this node.</summary>
internal sealed class DeleteUserPolicyHandler(IKeyholdStore store, KmsAuthorizer authorizer, IdentityPolicyCache identities)
    : IamOperation<UserPolicyRequest, EmptyResponse>(authorizer)
{
    public override string Name => "DeleteUserPolicy";

    protected override JsonTypeInfo<UserPolicyRequest> RequestType => KmsJsonContext.Default.UserPolicyRequest;

    protected override JsonTypeInfo<EmptyResponse> ResponseType => KmsJsonContext.Default.EmptyResponse;

    public override async Task<EmptyResponse> HandleAsync(KmsRequestContext context, UserPolicyRequest request, CancellationToken cancellationToken)
    {
        var userName = IamNames.User(request.UserName);
        var policyName = IamNames.Policy(request.PolicyName);
        await AuthorizeAsync(context, UserArn(context, userName), cancellationToken).ConfigureAwait(false);
        if (await store.GetUserAsync(context.AccountId, userName, cancellationToken).ConfigureAwait(false) is null)
        {
            throw IamErrors.NoSuchUser(userName);
        }

        if (!await store.DeleteUserPolicyAsync(context.AccountId, userName, policyName, cancellationToken).ConfigureAwait(false))
        {
            throw IamErrors.NoSuchPolicy(userName, policyName);
        }

        identities.Evict(context.AccountId, userName);
        return new EmptyResponse();
    }
}

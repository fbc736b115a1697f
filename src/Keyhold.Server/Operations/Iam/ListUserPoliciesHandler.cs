using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Storage;
using Keyhold.Server.Authorization;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Iam;

/// <summary><c>KeyholdService.ListUserPolicies</c>: the names of a user's inline policies, ordered by name.</summary>
internal sealed class ListUserPoliciesHandler(IKeyholdStore store, KmsAuthorizer authorizer) : IamOperation<UserNameRequest, ListUserPoliciesResponse>(authorizer)
{
    public override string Name => "ListUserPolicies";

    protected override JsonTypeInfo<UserNameRequest> RequestType => KmsJsonContext.Default.UserNameRequest;

    protected override JsonTypeInfo<ListUserPoliciesResponse> ResponseType => KmsJsonContext.Default.ListUserPoliciesResponse;

    public override async Task<ListUserPoliciesResponse> HandleAsync(KmsRequestContext context, UserNameRequest request, CancellationToken cancellationToken)
    {
        var userName = IamNames.User(request.UserName);
        await AuthorizeAsync(context, UserArn(context, userName), cancellationToken).ConfigureAwait(false);
        if (await store.GetUserAsync(context.AccountId, userName, cancellationToken).ConfigureAwait(false) is null)
        {
            throw IamErrors.NoSuchUser(userName);
        }

        var policies = await store.GetUserPoliciesAsync(context.AccountId, userName, cancellationToken).ConfigureAwait(false);
        return new ListUserPoliciesResponse(userName, policies.Select(p => p.PolicyName).ToList());
    }
}

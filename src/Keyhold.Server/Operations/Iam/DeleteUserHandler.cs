using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Storage;
using Keyhold.Server.Authentication;
using Keyhold.Server.Authorization;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Iam;

/// <summary>
/// <c>KeyholdService.DeleteUser</c>: deletes the user with its access keys and policies in one step (IAM would first
/// demand they be deleted one by one). Its keys stop working at once on this node and within a second on the others.
/// </summary>
internal sealed class DeleteUserHandler(IKeyholdStore store, KmsAuthorizer authorizer, AccessKeyCache accessKeys, IdentityPolicyCache identities)
    : IamOperation<UserNameRequest, EmptyResponse>(authorizer)
{
    public override string Name => "DeleteUser";

    protected override JsonTypeInfo<UserNameRequest> RequestType => KmsJsonContext.Default.UserNameRequest;

    protected override JsonTypeInfo<EmptyResponse> ResponseType => KmsJsonContext.Default.EmptyResponse;

    public override async Task<EmptyResponse> HandleAsync(KmsRequestContext context, UserNameRequest request, CancellationToken cancellationToken)
    {
        var userName = IamNames.User(request.UserName);
        await AuthorizeAsync(context, UserArn(context, userName), cancellationToken).ConfigureAwait(false);
        var keys = await store.ListAccessKeysAsync(context.AccountId, cancellationToken).ConfigureAwait(false);
        if (!await store.DeleteUserAsync(context.AccountId, userName, cancellationToken).ConfigureAwait(false))
        {
            throw IamErrors.NoSuchUser(userName);
        }

        foreach (var key in keys.Where(k => k.UserName == userName))
        {
            accessKeys.Evict(key.AccessKeyId);
        }

        identities.Evict(context.AccountId, userName);
        return new EmptyResponse();
    }
}

using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Storage;
using Keyhold.Server.Authorization;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Iam;

/// <summary>
/// <c>KeyholdService.ListAccessKeys</c>: the access keys of the named user, or without a user name the caller's own
/// (the account root's, or the calling user's). Never returns secrets.
/// </summary>
internal sealed class ListAccessKeysHandler(IKeyholdStore store, KmsAuthorizer authorizer) : IamOperation<UserNameRequest, ListAccessKeysResponse>(authorizer)
{
    public override string Name => "ListAccessKeys";

    protected override JsonTypeInfo<UserNameRequest> RequestType => KmsJsonContext.Default.UserNameRequest;

    protected override JsonTypeInfo<ListAccessKeysResponse> ResponseType => KmsJsonContext.Default.ListAccessKeysResponse;

    public override async Task<ListAccessKeysResponse> HandleAsync(KmsRequestContext context, UserNameRequest request, CancellationToken cancellationToken)
    {
        var userName = request.UserName is null ? context.Principal.UserName : IamNames.User(request.UserName);
        await AuthorizeOnKeysOfAsync(context, userName, cancellationToken).ConfigureAwait(false);
        if (userName is not null && await store.GetUserAsync(context.AccountId, userName, cancellationToken).ConfigureAwait(false) is null)
        {
            throw IamErrors.NoSuchUser(userName);
        }

        var keys = await store.ListAccessKeysAsync(context.AccountId, cancellationToken).ConfigureAwait(false);
        return new ListAccessKeysResponse(keys
            .Where(k => k.UserName == userName)
            .Select(k => new AccessKeyMetadata(k.UserName, k.AccessKeyId, k.Active ? IamNames.Active : IamNames.Inactive, k.CreatedAt))
            .ToList());
    }
}

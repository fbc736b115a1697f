using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Storage;
using Keyhold.Crypto.Protection;
using Keyhold.Server.Accounts;
using Keyhold.Server.Authorization;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Iam;

/// <summary>
/// <c>KeyholdService.CreateAccessKey</c>: a new active access key for the named user, or without a user name for the
/// caller itself (the account root, or the calling user). The secret is sealed at rest and returned only here.
/// </summary>
internal sealed class CreateAccessKeyHandler(IKeyholdStore store, KmsAuthorizer authorizer, DomainKeyRing ring, TimeProvider time)
    : IamOperation<UserNameRequest, CreateAccessKeyResponse>(authorizer)
{
    public override string Name => "CreateAccessKey";

    protected override JsonTypeInfo<UserNameRequest> RequestType => KmsJsonContext.Default.UserNameRequest;

    protected override JsonTypeInfo<CreateAccessKeyResponse> ResponseType => KmsJsonContext.Default.CreateAccessKeyResponse;

    public override async Task<CreateAccessKeyResponse> HandleAsync(KmsRequestContext context, UserNameRequest request, CancellationToken cancellationToken)
    {
        var userName = request.UserName is null ? context.Principal.UserName : IamNames.User(request.UserName);
        await AuthorizeOnKeysOfAsync(context, userName, cancellationToken).ConfigureAwait(false);
        if (userName is not null && await store.GetUserAsync(context.AccountId, userName, cancellationToken).ConfigureAwait(false) is null)
        {
            throw IamErrors.NoSuchUser(userName);
        }

        var (record, secret) = AccessKeyFactory.Create(ring, context.AccountId, userName, time.GetUtcNow());
        await store.AddAccessKeyAsync(record, cancellationToken).ConfigureAwait(false);
        return new CreateAccessKeyResponse(new AccessKey(record.AccountId, userName, record.AccessKeyId, IamNames.Active, secret, record.CreatedAt));
    }
}

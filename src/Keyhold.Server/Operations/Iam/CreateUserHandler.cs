using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Accounts;
using Keyhold.Core.Storage;
using Keyhold.Server.Accounts;
using Keyhold.Server.Authorization;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Iam;

/// <summary><c>KeyholdService.CreateUser</c>: a new IAM-style user of the caller's account, with no policies and no access keys.</summary>
internal sealed class CreateUserHandler(IKeyholdStore store, KmsAuthorizer authorizer, TimeProvider time)
    : IamOperation<UserNameRequest, CreateUserResponse>(authorizer)
{
    public override string Name => "CreateUser";

    protected override JsonTypeInfo<UserNameRequest> RequestType => KmsJsonContext.Default.UserNameRequest;

    protected override JsonTypeInfo<CreateUserResponse> ResponseType => KmsJsonContext.Default.CreateUserResponse;

    public override async Task<CreateUserResponse> HandleAsync(KmsRequestContext context, UserNameRequest request, CancellationToken cancellationToken)
    {
        var userName = IamNames.User(request.UserName);
        await AuthorizeAsync(context, UserArn(context, userName), cancellationToken).ConfigureAwait(false);
        var user = new UserRecord { AccountId = context.AccountId, UserName = userName, UserId = UserIds.New(), CreatedAt = time.GetUtcNow() };
        try
        {
            await store.AddUserAsync(user, cancellationToken).ConfigureAwait(false);
        }
        catch (StoreConflictException)
        {
            throw IamErrors.UserExists(userName);
        }

        return new CreateUserResponse(ListUsersHandler.ToWire(user));
    }
}

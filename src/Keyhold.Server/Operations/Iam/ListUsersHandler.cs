using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Accounts;
using Keyhold.Core.Storage;
using Keyhold.Server.Authorization;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Iam;

/// <summary><c>KeyholdService.ListUsers</c>: the users of the caller's account, ordered by name.</summary>
internal sealed class ListUsersHandler(IKeyholdStore store, KmsAuthorizer authorizer) : IamOperation<ListUsersRequest, ListUsersResponse>(authorizer)
{
    public override string Name => "ListUsers";

    protected override JsonTypeInfo<ListUsersRequest> RequestType => KmsJsonContext.Default.ListUsersRequest;

    protected override JsonTypeInfo<ListUsersResponse> ResponseType => KmsJsonContext.Default.ListUsersResponse;

    public override async Task<ListUsersResponse> HandleAsync(KmsRequestContext context, ListUsersRequest request, CancellationToken cancellationToken)
    {
        await AuthorizeAsync(context, "*", cancellationToken).ConfigureAwait(false);
        var users = await store.ListUsersAsync(context.AccountId, cancellationToken).ConfigureAwait(false);
        return new ListUsersResponse(users.Select(ToWire).ToList());
    }

    internal static IamUser ToWire(UserRecord user) => new(user.UserName, user.UserId, user.Arn, user.CreatedAt);
}

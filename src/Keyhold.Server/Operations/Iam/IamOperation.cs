using Keyhold.Core.Accounts;
using Keyhold.Server.Authorization;
using Keyhold.Server.Protocol;

namespace Keyhold.Server.Operations.Iam;

/// <summary>
/// Base of the IAM-style operations: each acts within the caller's account and is authorized as
/// <c>iam:&lt;Operation&gt;</c> on the user it names (<c>arn:aws:iam::&lt;account&gt;:user/&lt;name&gt;</c>) or on
/// <c>*</c>: the account root always may, a user needs an identity policy that allows it.
/// </summary>
internal abstract class IamOperation<TRequest, TResponse>(KmsAuthorizer authorizer) : KeyholdOperation<TRequest, TResponse>
    where TRequest : class
{
    protected string Action => "iam:" + Name;

    protected static string UserArn(KmsRequestContext context, string userName) => $"arn:aws:iam::{context.AccountId}:user/{userName}";

    /// <summary>The ARN of a key's owner: the user, or the account root.</summary>
    protected static string OwnerArn(KmsRequestContext context, string? userName) =>
        userName is null ? Principal.RootArn(context.AccountId) : UserArn(context, userName);

    protected ValueTask AuthorizeAsync(KmsRequestContext context, string resource, CancellationToken cancellationToken) =>
        authorizer.AuthorizeIdentityAsync(context, Action, resource, cancellationToken);

    /// <summary>
    /// Authorizes an action on an access key of <paramref name="userName"/> (null: the root's). Only the account root
    /// manages the root's keys, whatever a user's policies say, as in IAM.
    /// </summary>
    protected ValueTask AuthorizeOnKeysOfAsync(KmsRequestContext context, string? userName, CancellationToken cancellationToken)
    {
        if (userName is null && !context.Principal.IsRoot)
        {
            throw AccessDenied.RootOnly(context.Principal.Arn, Action, Principal.RootArn(context.AccountId));
        }

        return AuthorizeAsync(context, OwnerArn(context, userName), cancellationToken);
    }
}

using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Accounts;
using Keyhold.Core.Storage;
using Keyhold.Crypto.Protection;
using Keyhold.Server.Accounts;
using Keyhold.Server.Authorization;
using Keyhold.Server.Hosting;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Iam;

/// <summary>
/// <c>KeyholdService.CreateAccount</c>: a new 12-digit account with an access key for its root, whose secret is
/// returned only here. Only the root of the installation's first account (<see cref="DefaultAccount"/>) may call it.
/// </summary>
internal sealed class CreateAccountHandler(IKeyholdStore store, DefaultAccount firstAccount, DomainKeyRing ring, TimeProvider time)
    : KeyholdOperation<CreateAccountRequest, CreateAccountResponse>
{
    private const int Attempts = 5;

    public override string Name => "CreateAccount";

    protected override JsonTypeInfo<CreateAccountRequest> RequestType => KmsJsonContext.Default.CreateAccountRequest;

    protected override JsonTypeInfo<CreateAccountResponse> ResponseType => KmsJsonContext.Default.CreateAccountResponse;

    public override async Task<CreateAccountResponse> HandleAsync(KmsRequestContext context, CreateAccountRequest request, CancellationToken cancellationToken)
    {
        var principal = context.Principal;
        if (!principal.IsRoot || principal.AccountId != firstAccount.AccountId)
        {
            throw AccessDenied.NotAdministrator(principal.Arn, "iam:CreateAccount");
        }

        var existing = await store.GetAccountIdsAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var accountId = AccessKeyFactory.NewAccountId();
            if (existing.Contains(accountId))
            {
                continue;
            }

            var now = time.GetUtcNow();
            var (key, secret) = AccessKeyFactory.Create(ring, accountId, userName: null, now);
            // As in Bootstrapper: the key first, so a failure in between leaves no account without a usable root key.
            await store.AddAccessKeyAsync(key, cancellationToken).ConfigureAwait(false);
            try
            {
                await store.AddAccountAsync(accountId, now, cancellationToken).ConfigureAwait(false);
            }
            catch (StoreConflictException)
            {
                // Another node took the id meanwhile: the key just made must not act in that account.
                await store.DeleteAccessKeyAsync(key.AccessKeyId, cancellationToken).ConfigureAwait(false);
                continue;
            }

            return new CreateAccountResponse(
                accountId,
                Principal.RootArn(accountId),
                new AccessKey(accountId, null, key.AccessKeyId, IamNames.Active, secret, now));
        }

        throw Core.Errors.KmsErrors.Internal("Could not choose an unused account id; retry the request.");
    }
}

using Keyhold.Core.Accounts;
using Keyhold.Core.Storage;
using Keyhold.Server.Protocol;

namespace Keyhold.Server.Operations.Iam;

/// <summary>Finds an access key named by UpdateAccessKey or DeleteAccessKey within the caller's account.</summary>
internal static class AccessKeyLookup
{
    /// <summary>
    /// The key, if it belongs to the caller's account and (when <paramref name="userName"/> is given) to that user;
    /// otherwise NotFoundException, so that keys of other accounts are indistinguishable from unknown ones.
    /// </summary>
    public static async Task<AccessKeyRecord> FindAsync(IKeyholdStore store, KmsRequestContext context, string accessKeyId, string? userName, CancellationToken cancellationToken)
    {
        var key = await store.GetAccessKeyAsync(accessKeyId, cancellationToken).ConfigureAwait(false);
        if (key is null || key.AccountId != context.AccountId || (userName is not null && key.UserName != userName))
        {
            throw IamErrors.NoSuchAccessKey(accessKeyId);
        }

        return key;
    }
}

using Keyhold.Core.Accounts;
using Keyhold.Core.Storage;

namespace Keyhold.Storage.Postgres;

public sealed partial class PostgresKeyholdStore
{
    /// <summary>Served by the access_keys (account_id) index; ties on creation time break on the id so the order is stable.</summary>
    public Task<IReadOnlyList<AccessKeyRecord>> ListAccessKeysAsync(string accountId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        return ReadAsync("ListAccessKeys", accountId, static (session, accountId) => session
            .Command($"SELECT {AccessKeyColumns} FROM access_keys WHERE account_id = @accountId ORDER BY created_at, access_key_id")
            .Bind("accountId", accountId)
            .ReadAllAsync(ReadAccessKey, session.CancellationToken), cancellationToken);
    }

    public Task<bool> SetAccessKeyActiveAsync(string accessKeyId, bool active, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accessKeyId);
        return WriteAsync("SetAccessKeyActive", (accessKeyId, active), static async (session, args) =>
        {
            var changed = await session
                .Command("UPDATE access_keys SET active = @active WHERE access_key_id = @accessKeyId")
                .Bind("accessKeyId", args.accessKeyId)
                .Bind("active", args.active)
                .ExecuteAsync(session.CancellationToken).ConfigureAwait(false) > 0;
            if (changed)
            {
                await NotifyAsync(session, StoreChangeKind.AccessKey, string.Empty, args.accessKeyId).ConfigureAwait(false);
            }

            return changed;
        }, cancellationToken);
    }

    public Task<bool> DeleteAccessKeyAsync(string accessKeyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accessKeyId);
        return WriteAsync("DeleteAccessKey", accessKeyId, static async (session, accessKeyId) =>
        {
            var deleted = await session
                .Command("DELETE FROM access_keys WHERE access_key_id = @accessKeyId")
                .Bind("accessKeyId", accessKeyId)
                .ExecuteAsync(session.CancellationToken).ConfigureAwait(false) > 0;
            if (deleted)
            {
                await NotifyAsync(session, StoreChangeKind.AccessKey, string.Empty, accessKeyId).ConfigureAwait(false);
            }

            return deleted;
        }, cancellationToken);
    }
}

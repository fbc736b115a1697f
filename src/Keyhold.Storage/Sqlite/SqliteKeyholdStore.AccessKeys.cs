using Keyhold.Core.Accounts;

namespace Keyhold.Storage.Sqlite;

public sealed partial class SqliteKeyholdStore
{
    /// <summary>Served by the access_keys (account_id) index; ties on creation time break on the id so the order is stable.</summary>
    public Task<IReadOnlyList<AccessKeyRecord>> ListAccessKeysAsync(string accountId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        return ReadAsync("ListAccessKeys", accountId, static IReadOnlyList<AccessKeyRecord> (session, accountId) => session
            .Command($"SELECT {AccessKeyColumns} FROM access_keys WHERE account_id = @accountId ORDER BY created_at, access_key_id")
            .Bind("@accountId", accountId)
            .ReadAll(ReadAccessKey), cancellationToken);
    }

    public Task<bool> SetAccessKeyActiveAsync(string accessKeyId, bool active, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accessKeyId);
        return WriteAsync("SetAccessKeyActive", (accessKeyId, active), static (session, args) => session
            .Command("UPDATE access_keys SET active = @active WHERE access_key_id = @accessKeyId")
            .Bind("@accessKeyId", args.accessKeyId)
            .Bind("@active", args.active ? 1 : 0)
            .ExecuteNonQuery() > 0, cancellationToken);
    }

    public Task<bool> DeleteAccessKeyAsync(string accessKeyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accessKeyId);
        return WriteAsync("DeleteAccessKey", accessKeyId, static (session, accessKeyId) => session
            .Command("DELETE FROM access_keys WHERE access_key_id = @accessKeyId")
            .Bind("@accessKeyId", accessKeyId)
            .ExecuteNonQuery() > 0, cancellationToken);
    }
}

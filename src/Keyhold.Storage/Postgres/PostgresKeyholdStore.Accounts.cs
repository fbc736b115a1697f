using Keyhold.Core.Accounts;
using Npgsql;

namespace Keyhold.Storage.Postgres;

public sealed partial class PostgresKeyholdStore
{
    private const string AccessKeyColumns = "access_key_id, account_id, user_name, wrapped_secret, active, created_at";

    public Task<IReadOnlyList<string>> GetAccountIdsAsync(CancellationToken cancellationToken) =>
        ReadAsync("GetAccountIds", 0, static (session, _) => session
            .Command("SELECT account_id FROM accounts ORDER BY account_id")
            .ReadAllAsync(static r => r.GetString(0), session.CancellationToken), cancellationToken);

    /// <summary>Registers the account; <see cref="Core.Storage.StoreConflictException"/> if it exists.</summary>
    public Task AddAccountAsync(string accountId, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        return WriteAsync("AddAccount", (accountId, createdAt), static (session, args) => session
            .Command("INSERT INTO accounts (account_id, created_at) VALUES (@accountId, @createdAt)")
            .Bind("accountId", args.accountId)
            .Bind("createdAt", PostgresValues.ToMilliseconds(args.createdAt))
            .ExecuteAsync(session.CancellationToken), cancellationToken);
    }

    public Task<AccessKeyRecord?> GetAccessKeyAsync(string accessKeyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accessKeyId);
        return ReadAsync("GetAccessKey", accessKeyId, static (session, accessKeyId) => session
            .Command($"SELECT {AccessKeyColumns} FROM access_keys WHERE access_key_id = @accessKeyId")
            .Bind("accessKeyId", accessKeyId)
            .ReadSingleAsync(ReadAccessKey, session.CancellationToken), cancellationToken);
    }

    /// <summary>Stores the access key; <see cref="Core.Storage.StoreConflictException"/> if its id exists.</summary>
    public Task AddAccessKeyAsync(AccessKeyRecord accessKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accessKey);
        return WriteAsync("AddAccessKey", accessKey, static (session, accessKey) => session
            .Command(
                $"INSERT INTO access_keys ({AccessKeyColumns}) " +
                "VALUES (@accessKeyId, @accountId, @userName, @wrappedSecret, @active, @createdAt)")
            .Bind("accessKeyId", accessKey.AccessKeyId)
            .Bind("accountId", accessKey.AccountId)
            .Bind("userName", accessKey.UserName)
            .Bind("wrappedSecret", accessKey.WrappedSecret)
            .Bind("active", accessKey.Active)
            .Bind("createdAt", PostgresValues.ToMilliseconds(accessKey.CreatedAt))
            .ExecuteAsync(session.CancellationToken), cancellationToken);
    }

    private static AccessKeyRecord ReadAccessKey(NpgsqlDataReader reader) => new()
    {
        AccessKeyId = reader.GetString(0),
        AccountId = reader.GetString(1),
        UserName = reader.GetNullableString(2),
        WrappedSecret = reader.GetBytes(3),
        Active = reader.GetBoolean(4),
        CreatedAt = reader.GetTimestamp(5),
    };
}

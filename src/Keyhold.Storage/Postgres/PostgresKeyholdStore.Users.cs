using Keyhold.Core.Accounts;
using Keyhold.Core.Storage;
using Npgsql;

namespace Keyhold.Storage.Postgres;

public sealed partial class PostgresKeyholdStore
{
    private const string UserColumns = "account_id, user_name, user_id, created_at";

    private const string UserPolicyColumns = "account_id, user_name, policy_name, document, updated_at";

    private const string UserWhereName = "WHERE account_id = @accountId AND user_name = @userName";

    // Children before the parent: user_policies refers to users; access_keys has no foreign key (it predates users).
    private static readonly string[] DeleteUserRowsSql =
    [
        $"DELETE FROM user_policies {UserWhereName}",
        $"DELETE FROM access_keys {UserWhereName}",
        $"DELETE FROM users {UserWhereName}",
    ];

    /// <summary>
    /// Inserts the user; <see cref="Core.Storage.StoreConflictException"/> if the name is taken in the account, compared
    /// without regard to case as IAM does (the unique index on lower(user_name)). Of two nodes racing, the second
    /// waits on the first's index entry and then fails.
    /// </summary>
    public Task AddUserAsync(UserRecord user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return WriteAsync("AddUser", user, static (session, user) => session
            .Command($"INSERT INTO users ({UserColumns}) VALUES (@accountId, @userName, @userId, @createdAt)")
            .Bind("accountId", user.AccountId)
            .Bind("userName", user.UserName)
            .Bind("userId", user.UserId)
            .Bind("createdAt", PostgresValues.ToMilliseconds(user.CreatedAt))
            .ExecuteAsync(session.CancellationToken), cancellationToken);
    }

    public Task<UserRecord?> GetUserAsync(string accountId, string userName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(userName);
        return ReadAsync("GetUser", (accountId, userName), static (session, args) => session
            .Command($"SELECT {UserColumns} FROM users {UserWhereName}")
            .Bind("accountId", args.accountId)
            .Bind("userName", args.userName)
            .ReadSingleAsync(ReadUser, session.CancellationToken), cancellationToken);
    }

    public Task<IReadOnlyList<UserRecord>> ListUsersAsync(string accountId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        return ReadAsync("ListUsers", accountId, static (session, accountId) => session
            .Command($"SELECT {UserColumns} FROM users WHERE account_id = @accountId ORDER BY user_name")
            .Bind("accountId", accountId)
            .ReadAllAsync(ReadUser, session.CancellationToken), cancellationToken);
    }

    /// <summary>
    /// Locks the user row (FOR UPDATE), then deletes its policies, access keys and the row in one round trip; false,
    /// with nothing changed, if the user does not exist. The lock makes a racing PutUserPolicy wait and then find the
    /// user gone, instead of slipping a policy in that would fail this delete's foreign-key check.
    /// </summary>
    public Task<bool> DeleteUserAsync(string accountId, string userName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(userName);
        return WriteAsync("DeleteUser", (accountId, userName), static async (session, args) =>
        {
            var exists = await session.Command($"SELECT 1 FROM users {UserWhereName} FOR UPDATE")
                .Bind("accountId", args.accountId)
                .Bind("userName", args.userName)
                .ScalarAsync(session.CancellationToken).ConfigureAwait(false) is not null;
            if (!exists)
            {
                return false;
            }

            var batch = session.Batch();
            foreach (var sql in DeleteUserRowsSql)
            {
                batch.Statement(sql).Bind("accountId", args.accountId).Bind("userName", args.userName);
            }

            await batch.ExecuteAsync(session.CancellationToken).ConfigureAwait(false);
            await NotifyAsync(session, StoreChangeKind.User, args.accountId, args.userName).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// Locks the user against deletion (FOR KEY SHARE) and upserts the policy; false if the user does not exist or
    /// was deleted concurrently. Two nodes putting the same policy name queue on the primary key and the last wins.
    /// </summary>
    public Task<bool> PutUserPolicyAsync(UserPolicyRecord policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return WriteAsync("PutUserPolicy", policy, static async (session, policy) =>
        {
            var exists = await session.Command($"SELECT 1 FROM users {UserWhereName} FOR KEY SHARE")
                .Bind("accountId", policy.AccountId)
                .Bind("userName", policy.UserName)
                .ScalarAsync(session.CancellationToken).ConfigureAwait(false) is not null;
            if (!exists)
            {
                return false;
            }

            await session.Command(
                    $"INSERT INTO user_policies ({UserPolicyColumns}) VALUES (@accountId, @userName, @policyName, @document, @updatedAt) " +
                    "ON CONFLICT (account_id, user_name, policy_name) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at")
                .Bind("accountId", policy.AccountId)
                .Bind("userName", policy.UserName)
                .Bind("policyName", policy.PolicyName)
                .Bind("document", policy.Document)
                .Bind("updatedAt", PostgresValues.ToMilliseconds(policy.UpdatedAt))
                .ExecuteAsync(session.CancellationToken).ConfigureAwait(false);
            await NotifyAsync(session, StoreChangeKind.User, policy.AccountId, policy.UserName).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<UserPolicyRecord>> GetUserPoliciesAsync(string accountId, string userName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(userName);
        return ReadAsync("GetUserPolicies", (accountId, userName), static (session, args) => session
            .Command($"SELECT {UserPolicyColumns} FROM user_policies {UserWhereName} ORDER BY policy_name")
            .Bind("accountId", args.accountId)
            .Bind("userName", args.userName)
            .ReadAllAsync(ReadUserPolicy, session.CancellationToken), cancellationToken);
    }

    public Task<bool> DeleteUserPolicyAsync(string accountId, string userName, string policyName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(policyName);
        return WriteAsync("DeleteUserPolicy", (accountId, userName, policyName), static async (session, args) =>
        {
            var deleted = await session
                .Command($"DELETE FROM user_policies {UserWhereName} AND policy_name = @policyName")
                .Bind("accountId", args.accountId)
                .Bind("userName", args.userName)
                .Bind("policyName", args.policyName)
                .ExecuteAsync(session.CancellationToken).ConfigureAwait(false) > 0;
            if (deleted)
            {
                await NotifyAsync(session, StoreChangeKind.User, args.accountId, args.userName).ConfigureAwait(false);
            }

            return deleted;
        }, cancellationToken);
    }

    private static UserRecord ReadUser(NpgsqlDataReader reader) => new()
    {
        AccountId = reader.GetString(0),
        UserName = reader.GetString(1),
        UserId = reader.GetString(2),
        CreatedAt = reader.GetTimestamp(3),
    };

    private static UserPolicyRecord ReadUserPolicy(NpgsqlDataReader reader) => new()
    {
        AccountId = reader.GetString(0),
        UserName = reader.GetString(1),
        PolicyName = reader.GetString(2),
        Document = reader.GetString(3),
        UpdatedAt = reader.GetTimestamp(4),
    };
}

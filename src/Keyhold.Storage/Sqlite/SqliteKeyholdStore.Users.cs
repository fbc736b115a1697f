using Keyhold.Core.Accounts;
using Microsoft.Data.Sqlite;

namespace Keyhold.Storage.Sqlite;

public sealed partial class SqliteKeyholdStore
{
    private const string UserColumns = "account_id, user_name, user_id, created_at";

    private const string UserPolicyColumns = "account_id, user_name, policy_name, document, updated_at";

    // Children before the parent: user_policies refers to users; access_keys has no foreign key (it predates users).
    private static readonly string[] DeleteUserRowsSql =
    [
        "DELETE FROM user_policies WHERE account_id = @accountId AND user_name = @userName",
        "DELETE FROM access_keys WHERE account_id = @accountId AND user_name = @userName",
        "DELETE FROM users WHERE account_id = @accountId AND user_name = @userName",
    ];

    /// <summary>
    /// Inserts the user; <see cref="Core.Storage.StoreConflictException"/> if the name is taken in the account, compared
    /// without regard to case as IAM does (the unique index on lower(user_name)).
    /// </summary>
    public Task AddUserAsync(UserRecord user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return WriteAsync("AddUser", user, static (session, user) => session
            .Command($"INSERT INTO users ({UserColumns}) VALUES (@accountId, @userName, @userId, @createdAt)")
            .Bind("@accountId", user.AccountId)
            .Bind("@userName", user.UserName)
            .Bind("@userId", user.UserId)
            .Bind("@createdAt", SqliteValues.ToMilliseconds(user.CreatedAt))
            .ExecuteNonQuery(), cancellationToken);
    }

    public Task<UserRecord?> GetUserAsync(string accountId, string userName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(userName);
        return ReadAsync("GetUser", (accountId, userName), static (session, args) => session
            .Command($"SELECT {UserColumns} FROM users WHERE account_id = @accountId AND user_name = @userName")
            .Bind("@accountId", args.accountId)
            .Bind("@userName", args.userName)
            .ReadSingle(ReadUser), cancellationToken);
    }

    public Task<IReadOnlyList<UserRecord>> ListUsersAsync(string accountId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        return ReadAsync("ListUsers", accountId, static IReadOnlyList<UserRecord> (session, accountId) => session
            .Command($"SELECT {UserColumns} FROM users WHERE account_id = @accountId ORDER BY user_name")
            .Bind("@accountId", accountId)
            .ReadAll(ReadUser), cancellationToken);
    }

    /// <summary>Deletes the user's policies and access keys, then the user row, in one transaction; false, with nothing changed, if the user does not exist.</summary>
    public Task<bool> DeleteUserAsync(string accountId, string userName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(userName);
        return WriteAsync("DeleteUser", (accountId, userName), static (session, args) =>
        {
            var exists = session.Command("SELECT 1 FROM users WHERE account_id = @accountId AND user_name = @userName")
                .Bind("@accountId", args.accountId)
                .Bind("@userName", args.userName)
                .ExecuteScalar() is not null;
            if (!exists)
            {
                return false;
            }

            foreach (var sql in DeleteUserRowsSql)
            {
                session.Command(sql).Bind("@accountId", args.accountId).Bind("@userName", args.userName).ExecuteNonQuery();
            }

            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// Upserts the policy only if its user exists (<c>INSERT … SELECT … WHERE EXISTS</c>), so a missing user is false
    /// rather than a foreign-key failure.
    /// </summary>
    public Task<bool> PutUserPolicyAsync(UserPolicyRecord policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return WriteAsync("PutUserPolicy", policy, static (session, policy) => session
            .Command(
                $"INSERT INTO user_policies ({UserPolicyColumns}) SELECT @accountId, @userName, @policyName, @document, @updatedAt " +
                "WHERE EXISTS (SELECT 1 FROM users WHERE account_id = @accountId AND user_name = @userName) " +
                "ON CONFLICT (account_id, user_name, policy_name) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at")
            .Bind("@accountId", policy.AccountId)
            .Bind("@userName", policy.UserName)
            .Bind("@policyName", policy.PolicyName)
            .Bind("@document", policy.Document)
            .Bind("@updatedAt", SqliteValues.ToMilliseconds(policy.UpdatedAt))
            .ExecuteNonQuery() > 0, cancellationToken);
    }

    public Task<IReadOnlyList<UserPolicyRecord>> GetUserPoliciesAsync(string accountId, string userName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(userName);
        return ReadAsync("GetUserPolicies", (accountId, userName), static IReadOnlyList<UserPolicyRecord> (session, args) => session
            .Command($"SELECT {UserPolicyColumns} FROM user_policies WHERE account_id = @accountId AND user_name = @userName ORDER BY policy_name")
            .Bind("@accountId", args.accountId)
            .Bind("@userName", args.userName)
            .ReadAll(ReadUserPolicy), cancellationToken);
    }

    public Task<bool> DeleteUserPolicyAsync(string accountId, string userName, string policyName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(policyName);
        return WriteAsync("DeleteUserPolicy", (accountId, userName, policyName), static (session, args) => session
            .Command("DELETE FROM user_policies WHERE account_id = @accountId AND user_name = @userName AND policy_name = @policyName")
            .Bind("@accountId", args.accountId)
            .Bind("@userName", args.userName)
            .Bind("@policyName", args.policyName)
            .ExecuteNonQuery() > 0, cancellationToken);
    }

    private static UserRecord ReadUser(SqliteDataReader reader) => new()
    {
        AccountId = reader.GetString(0),
        UserName = reader.GetString(1),
        UserId = reader.GetString(2),
        CreatedAt = reader.GetTimestamp(3),
    };

    private static UserPolicyRecord ReadUserPolicy(SqliteDataReader reader) => new()
    {
        AccountId = reader.GetString(0),
        UserName = reader.GetString(1),
        PolicyName = reader.GetString(2),
        Document = reader.GetString(3),
        UpdatedAt = reader.GetTimestamp(4),
    };
}

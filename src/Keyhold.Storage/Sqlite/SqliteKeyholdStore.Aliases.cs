using Keyhold.Core.Aliases;
using Keyhold.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Keyhold.Storage.Sqlite;

public sealed partial class SqliteKeyholdStore
{
    private const string AliasColumns = "account_id, region, alias_name, target_key_id, creation_date, last_updated_date";

    /// <summary>
    /// Inserts the alias and its Create history entry (stamped with the alias's creation date). The primary key makes
    /// the name unique per account and region, and the foreign key keeps the target in the same account and region;
    /// either violation is a <see cref="StoreConflictException"/> and leaves no history.
    /// </summary>
    public Task CreateAliasAsync(AliasRecord record, string changedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentException.ThrowIfNullOrEmpty(changedBy);
        return WriteAsync("CreateAlias", (record, changedBy), static (session, args) =>
        {
            var record = args.record;
            session.Command(
                    $"INSERT INTO aliases ({AliasColumns}) " +
                    "VALUES (@accountId, @region, @aliasName, @targetKeyId, @creationDate, @lastUpdatedDate)")
                .Bind("@accountId", record.AccountId)
                .Bind("@region", record.Region)
                .Bind("@aliasName", record.AliasName)
                .Bind("@targetKeyId", record.TargetKeyId)
                .Bind("@creationDate", SqliteValues.ToMilliseconds(record.CreationDate))
                .Bind("@lastUpdatedDate", SqliteValues.ToMilliseconds(record.LastUpdatedDate))
                .ExecuteNonQuery();
            InsertAliasChange(session, new AliasChange
            {
                AccountId = record.AccountId,
                Region = record.Region,
                AliasName = record.AliasName,
                Change = AliasCreated,
                TargetKeyId = record.TargetKeyId,
                ChangedAt = record.CreationDate,
                ChangedBy = args.changedBy,
            });
            return true;
        }, cancellationToken);
    }

    public Task<AliasRecord?> GetAliasAsync(string accountId, string region, string aliasName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(aliasName);
        return ReadAsync("GetAlias", (accountId, region, aliasName), static (session, args) => session
            .Command($"SELECT {AliasColumns} FROM aliases WHERE account_id = @accountId AND region = @region AND alias_name = @aliasName")
            .Bind("@accountId", args.accountId)
            .Bind("@region", args.region)
            .Bind("@aliasName", args.aliasName)
            .ReadSingle(ReadAlias), cancellationToken);
    }

    /// <summary>
    /// Reads the current target, checks it against <paramref name="expectedTargetKeyId"/> (ordinal), repoints the alias
    /// and records the Update, all in one transaction; <see cref="StoreConflictException"/> if the new target is not a
    /// key of the same account and region.
    /// </summary>
    public Task<bool> UpdateAliasAsync(
        string accountId,
        string region,
        string aliasName,
        string targetKeyId,
        DateTimeOffset updatedAt,
        string changedBy,
        string? expectedTargetKeyId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(aliasName);
        ArgumentNullException.ThrowIfNull(targetKeyId);
        ArgumentException.ThrowIfNullOrEmpty(changedBy);
        var change = new AliasChange
        {
            AccountId = accountId,
            Region = region,
            AliasName = aliasName,
            Change = AliasUpdated,
            TargetKeyId = targetKeyId,
            ChangedAt = updatedAt,
            ChangedBy = changedBy,
        };
        return WriteAsync("UpdateAlias", (change, expectedTargetKeyId), static (session, args) =>
        {
            var change = args.change;
            var current = session.Command(
                    "SELECT target_key_id FROM aliases WHERE account_id = @accountId AND region = @region AND alias_name = @aliasName")
                .BindAliasName(change)
                .ExecuteScalar() as string;
            if (current is null || (args.expectedTargetKeyId is not null && !string.Equals(current, args.expectedTargetKeyId, StringComparison.Ordinal)))
            {
                return false;
            }

            session.Command(
                    "UPDATE aliases SET target_key_id = @targetKeyId, last_updated_date = @lastUpdatedDate " +
                    "WHERE account_id = @accountId AND region = @region AND alias_name = @aliasName")
                .BindAliasName(change)
                .Bind("@targetKeyId", change.TargetKeyId)
                .Bind("@lastUpdatedDate", SqliteValues.ToMilliseconds(change.ChangedAt))
                .ExecuteNonQuery();
            InsertAliasChange(session, change with { PreviousTargetKeyId = current });
            return true;
        }, cancellationToken);
    }

    /// <summary>Deletes the alias and records the Delete with the target it had; false, with no history, if it does not exist.</summary>
    public Task<bool> DeleteAliasAsync(string accountId, string region, string aliasName, DateTimeOffset deletedAt, string changedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(aliasName);
        ArgumentException.ThrowIfNullOrEmpty(changedBy);
        var change = new AliasChange
        {
            AccountId = accountId,
            Region = region,
            AliasName = aliasName,
            Change = AliasDeleted,
            ChangedAt = deletedAt,
            ChangedBy = changedBy,
        };
        return WriteAsync("DeleteAlias", change, static (session, change) =>
        {
            var previous = session.Command(
                    "DELETE FROM aliases WHERE account_id = @accountId AND region = @region AND alias_name = @aliasName RETURNING target_key_id")
                .BindAliasName(change)
                .ExecuteScalar() as string;
            if (previous is null)
            {
                return false;
            }

            InsertAliasChange(session, change with { PreviousTargetKeyId = previous });
            return true;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<AliasRecord>> ListAliasesAsync(string accountId, string region, string? targetKeyId, string? afterAliasName, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(region);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync("ListAliases", (accountId, region, targetKeyId, afterAliasName, limit), static IReadOnlyList<AliasRecord> (session, args) =>
        {
            // Two statements rather than "(@target IS NULL OR ...)", so each one can use its index as a range.
            var command = args.targetKeyId is null
                ? session.Command(
                    $"SELECT {AliasColumns} FROM aliases WHERE account_id = @accountId AND region = @region " +
                    "AND alias_name > @after ORDER BY alias_name LIMIT @limit")
                : session.Command(
                    $"SELECT {AliasColumns} FROM aliases WHERE account_id = @accountId AND region = @region " +
                    "AND target_key_id = @targetKeyId AND alias_name > @after ORDER BY alias_name LIMIT @limit")
                    .Bind("@targetKeyId", args.targetKeyId);
            return command
                .Bind("@accountId", args.accountId)
                .Bind("@region", args.region)
                .Bind("@after", args.afterAliasName ?? string.Empty)
                .Bind("@limit", args.limit)
                .ReadAll(ReadAlias);
        }, cancellationToken);
    }

    private static AliasRecord ReadAlias(SqliteDataReader reader) => new()
    {
        AccountId = reader.GetString(0),
        Region = reader.GetString(1),
        AliasName = reader.GetString(2),
        TargetKeyId = reader.GetString(3),
        CreationDate = reader.GetTimestamp(4),
        LastUpdatedDate = reader.GetTimestamp(5),
    };
}

using Keyhold.Core.Aliases;
using Keyhold.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Keyhold.Storage.Sqlite;

public sealed partial class SqliteKeyholdStore
{
    private const string AliasColumns = "account_id, region, alias_name, target_key_id, creation_date, last_updated_date";

    /// <summary>
    /// Inserts the alias. The primary key makes the name unique per account and region, and the foreign key keeps the
    /// target in the same account and region; either violation is a <see cref="StoreConflictException"/>.
    /// </summary>
    public Task CreateAliasAsync(AliasRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return WriteAsync("CreateAlias", record, static (session, record) => session
            .Command(
                $"INSERT INTO aliases ({AliasColumns}) " +
                "VALUES (@accountId, @region, @aliasName, @targetKeyId, @creationDate, @lastUpdatedDate)")
            .Bind("@accountId", record.AccountId)
            .Bind("@region", record.Region)
            .Bind("@aliasName", record.AliasName)
            .Bind("@targetKeyId", record.TargetKeyId)
            .Bind("@creationDate", SqliteValues.ToMilliseconds(record.CreationDate))
            .Bind("@lastUpdatedDate", SqliteValues.ToMilliseconds(record.LastUpdatedDate))
            .ExecuteNonQuery(), cancellationToken);
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

    /// <summary>Repoints the alias; <see cref="StoreConflictException"/> if the new target is not a key of the same account and region.</summary>
    public Task<bool> UpdateAliasAsync(string accountId, string region, string aliasName, string targetKeyId, DateTimeOffset updatedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(aliasName);
        ArgumentNullException.ThrowIfNull(targetKeyId);
        return WriteAsync("UpdateAlias", (accountId, region, aliasName, targetKeyId, updatedAt), static (session, args) => session
            .Command(
                "UPDATE aliases SET target_key_id = @targetKeyId, last_updated_date = @lastUpdatedDate " +
                "WHERE account_id = @accountId AND region = @region AND alias_name = @aliasName")
            .Bind("@accountId", args.accountId)
            .Bind("@region", args.region)
            .Bind("@aliasName", args.aliasName)
            .Bind("@targetKeyId", args.targetKeyId)
            .Bind("@lastUpdatedDate", SqliteValues.ToMilliseconds(args.updatedAt))
            .ExecuteNonQuery() > 0, cancellationToken);
    }

    public Task<bool> DeleteAliasAsync(string accountId, string region, string aliasName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(aliasName);
        return WriteAsync("DeleteAlias", (accountId, region, aliasName), static (session, args) => session
            .Command("DELETE FROM aliases WHERE account_id = @accountId AND region = @region AND alias_name = @aliasName")
            .Bind("@accountId", args.accountId)
            .Bind("@region", args.region)
            .Bind("@aliasName", args.aliasName)
            .ExecuteNonQuery() > 0, cancellationToken);
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

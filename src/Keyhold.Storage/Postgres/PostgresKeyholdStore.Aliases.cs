using Keyhold.Core.Aliases;
using Keyhold.Core.Storage;

namespace Keyhold.Storage.Postgres;

public sealed partial class PostgresKeyholdStore
{
    private const string AliasWhereName = "WHERE account_id = @accountId AND region = @region AND alias_name = @aliasName";

    /// <summary>
    /// Inserts the alias and its Create history entry (stamped with the alias's creation date) in one round trip. The
    /// primary key makes the name unique per account and region: of two nodes racing, the second waits on the first's
    /// index entry and then fails. The foreign key keeps the target in the same account and region. Either violation
    /// is a <see cref="StoreConflictException"/> and leaves no history.
    /// </summary>
    public Task CreateAliasAsync(AliasRecord record, string changedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentException.ThrowIfNullOrEmpty(changedBy);
        var change = new AliasChange
        {
            AccountId = record.AccountId,
            Region = record.Region,
            AliasName = record.AliasName,
            Change = AliasCreated,
            TargetKeyId = record.TargetKeyId,
            ChangedAt = record.CreationDate,
            ChangedBy = changedBy,
        };
        return WriteAsync("CreateAlias", (record, change), static async (session, args) =>
        {
            var batch = session.Batch();
            batch.Statement(
                    $"INSERT INTO aliases ({PostgresAliasRows.AliasColumns}) " +
                    "VALUES (@accountId, @region, @aliasName, @targetKeyId, @creationDate, @lastUpdatedDate)")
                .BindAliasName(args.change)
                .Bind("targetKeyId", args.record.TargetKeyId)
                .Bind("creationDate", PostgresValues.ToMilliseconds(args.record.CreationDate))
                .Bind("lastUpdatedDate", PostgresValues.ToMilliseconds(args.record.LastUpdatedDate));
            batch.Statement(PostgresAliasRows.InsertChangeSql).BindChange(args.change);
            await batch.ExecuteAsync(session.CancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    public Task<AliasRecord?> GetAliasAsync(string accountId, string region, string aliasName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(aliasName);
        return ReadAsync("GetAlias", (accountId, region, aliasName), static (session, args) => session
            .Command($"SELECT {PostgresAliasRows.AliasColumns} FROM aliases {AliasWhereName}")
            .Bind("accountId", args.accountId)
            .Bind("region", args.region)
            .Bind("aliasName", args.aliasName)
            .ReadSingleAsync(PostgresAliasRows.ReadAlias, session.CancellationToken), cancellationToken);
    }

    /// <summary>
    /// Locks the alias row (FOR UPDATE) and reads its target, checks it against <paramref name="expectedTargetKeyId"/>
    /// (ordinal), repoints the alias and records the Update, all in one transaction. Two nodes updating the same alias
    /// queue on the row lock, and the second compares against what the first committed, so with an expected target
    /// exactly one of them wins. <see cref="StoreConflictException"/> if the new target is not a key of the same
    /// account and region.
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
        return WriteAsync("UpdateAlias", (change, expectedTargetKeyId), static async (session, args) =>
        {
            var change = args.change;
            var current = await session.Command($"SELECT target_key_id FROM aliases {AliasWhereName} FOR UPDATE")
                .BindAliasName(change)
                .ScalarAsync(session.CancellationToken).ConfigureAwait(false) as string;
            if (current is null || (args.expectedTargetKeyId is not null && !string.Equals(current, args.expectedTargetKeyId, StringComparison.Ordinal)))
            {
                return false;
            }

            var batch = session.Batch();
            batch.Statement($"UPDATE aliases SET target_key_id = @targetKeyId, last_updated_date = @lastUpdatedDate {AliasWhereName}")
                .BindAliasName(change)
                .Bind("targetKeyId", change.TargetKeyId)
                .Bind("lastUpdatedDate", PostgresValues.ToMilliseconds(change.ChangedAt));
            batch.Statement(PostgresAliasRows.InsertChangeSql).BindChange(change with { PreviousTargetKeyId = current });
            await batch.ExecuteAsync(session.CancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// Deletes the alias and records the Delete with the target it had, in one statement; false, with no history, if
    /// it does not exist.
    /// </summary>
    public Task<bool> DeleteAliasAsync(
        string accountId, string region, string aliasName, DateTimeOffset deletedAt, string changedBy, CancellationToken cancellationToken)
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
        return WriteAsync("DeleteAlias", change, static async (session, change) => await session
            .Command(
                $"WITH removed AS (DELETE FROM aliases {AliasWhereName} RETURNING target_key_id) " +
                $"INSERT INTO alias_history ({PostgresAliasRows.HistoryInsertColumns}) " +
                "SELECT @accountId, @region, @aliasName, @change, NULL, target_key_id, @changedAt, @changedBy FROM removed")
            .BindAliasName(change)
            .Bind("change", change.Change)
            .Bind("changedAt", PostgresValues.ToMilliseconds(change.ChangedAt))
            .Bind("changedBy", change.ChangedBy)
            .ExecuteAsync(session.CancellationToken).ConfigureAwait(false) > 0, cancellationToken);
    }

    public Task<IReadOnlyList<AliasRecord>> ListAliasesAsync(string accountId, string region, string? targetKeyId, string? afterAliasName, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(region);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync("ListAliases", (accountId, region, targetKeyId, afterAliasName, limit), static async Task<IReadOnlyList<AliasRecord>> (session, args) =>
        {
            // Two statements rather than "(@target IS NULL OR ...)", so each one can use its index as a range.
            var command = args.targetKeyId is null
                ? session.Command(
                    $"SELECT {PostgresAliasRows.AliasColumns} FROM aliases WHERE account_id = @accountId AND region = @region " +
                    "AND alias_name > @after ORDER BY alias_name LIMIT @limit")
                : session.Command(
                    $"SELECT {PostgresAliasRows.AliasColumns} FROM aliases WHERE account_id = @accountId AND region = @region " +
                    "AND target_key_id = @targetKeyId AND alias_name > @after ORDER BY alias_name LIMIT @limit")
                    .Bind("targetKeyId", args.targetKeyId);
            return await command
                .Bind("accountId", args.accountId)
                .Bind("region", args.region)
                .Bind("after", args.afterAliasName ?? string.Empty)
                .Bind("limit", args.limit)
                .ReadAllAsync(PostgresAliasRows.ReadAlias, session.CancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }
}

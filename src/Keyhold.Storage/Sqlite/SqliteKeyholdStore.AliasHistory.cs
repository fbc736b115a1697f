using Keyhold.Core.Aliases;

namespace Keyhold.Storage.Sqlite;

public sealed partial class SqliteKeyholdStore
{
    private const string AliasCreated = "Create";
    private const string AliasUpdated = "Update";
    private const string AliasDeleted = "Delete";

    /// <summary>Served by the (account_id, region, alias_name, sequence) index; includes changes made before a delete and re-create.</summary>
    public Task<IReadOnlyList<AliasChange>> GetAliasHistoryAsync(string accountId, string region, string aliasName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(aliasName);
        return ReadAsync("GetAliasHistory", (accountId, region, aliasName), static IReadOnlyList<AliasChange> (session, args) => session
            .Command(
                $"SELECT {SqliteAliasRows.HistoryColumns} FROM alias_history " +
                "WHERE account_id = @accountId AND region = @region AND alias_name = @aliasName ORDER BY sequence")
            .Bind("@accountId", args.accountId)
            .Bind("@region", args.region)
            .Bind("@aliasName", args.aliasName)
            .ReadAll(SqliteAliasRows.ReadChange), cancellationToken);
    }

    /// <summary>Written after the alias row itself, inside the same transaction, so a failed change leaves no history.</summary>
    private static void InsertAliasChange(SqliteSession session, AliasChange change) => session
        .Command(
            $"INSERT INTO alias_history ({SqliteAliasRows.HistoryInsertColumns}) " +
            "VALUES (@accountId, @region, @aliasName, @change, @targetKeyId, @previousTargetKeyId, @changedAt, @changedBy)")
        .BindAliasName(change)
        .Bind("@change", change.Change)
        .Bind("@targetKeyId", change.TargetKeyId)
        .Bind("@previousTargetKeyId", change.PreviousTargetKeyId)
        .Bind("@changedAt", SqliteValues.ToMilliseconds(change.ChangedAt))
        .Bind("@changedBy", change.ChangedBy)
        .ExecuteNonQuery();
}

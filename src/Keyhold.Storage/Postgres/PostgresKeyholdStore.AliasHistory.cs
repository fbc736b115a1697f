using Keyhold.Core.Aliases;

namespace Keyhold.Storage.Postgres;

public sealed partial class PostgresKeyholdStore
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
        return ReadAsync("GetAliasHistory", (accountId, region, aliasName), static (session, args) => session
            .Command(
                $"SELECT {PostgresAliasRows.HistoryColumns} FROM alias_history " +
                "WHERE account_id = @accountId AND region = @region AND alias_name = @aliasName ORDER BY sequence")
            .Bind("accountId", args.accountId)
            .Bind("region", args.region)
            .Bind("aliasName", args.aliasName)
            .ReadAllAsync(PostgresAliasRows.ReadChange, session.CancellationToken), cancellationToken);
    }
}

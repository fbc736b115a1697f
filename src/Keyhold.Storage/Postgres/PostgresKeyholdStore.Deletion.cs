using Keyhold.Core.Keys;

namespace Keyhold.Storage.Postgres;

public sealed partial class PostgresKeyholdStore
{
    /// <summary>ChangedBy of the alias history entries that <see cref="DeleteKeyAsync"/> writes for the aliases it removes.</summary>
    internal const string KeyDeletionPrincipal = "keyhold:key-deletion";

    // FOR UPDATE (not the weaker lock an UPDATE takes) conflicts with the KEY SHARE lock of a foreign-key check, so a
    // CreateAlias, UpdateAlias or UpdateTags racing the deletion waits, then fails its check: it cannot slip in a row
    // that refers to the key between the deletes below.
    private const string ClaimKeySql =
        "SELECT 1 FROM keys WHERE key_id = @keyId AND account_id = @accountId AND region = @region AND row_version = @expected FOR UPDATE";

    // The history comes from the rows actually deleted (RETURNING), so an alias repointed elsewhere concurrently is
    // neither deleted nor recorded. Ordered by name so the sequence numbers are repeatable.
    private const string DeleteAliasesOfKeySql =
        "WITH removed AS (DELETE FROM aliases WHERE account_id = @accountId AND region = @region AND target_key_id = @keyId " +
        "RETURNING account_id, region, alias_name, target_key_id) " +
        $"INSERT INTO alias_history ({PostgresAliasRows.HistoryInsertColumns}) " +
        "SELECT account_id, region, alias_name, @change, NULL, target_key_id, @changedAt, @changedBy FROM removed ORDER BY alias_name";

    // Children before parents: material_usage refers to key_materials; grants, key_usage, tags and material to keys.
    private static readonly string[] DeleteKeyRowsSql =
    [
        "DELETE FROM grants WHERE key_id = @keyId",
        "DELETE FROM material_usage WHERE key_id = @keyId",
        "DELETE FROM key_usage WHERE key_id = @keyId",
        "DELETE FROM key_tags WHERE key_id = @keyId",
        "DELETE FROM key_materials WHERE key_id = @keyId",
        "DELETE FROM keys WHERE key_id = @keyId",
    ];

    public Task<IReadOnlyList<KeyRecord>> GetKeysDueForDeletionAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync("GetKeysDueForDeletion", (now: PostgresValues.ToMilliseconds(now), limit), static (session, args) => session
            .Command(
                $"SELECT {PostgresKeyRows.KeyColumns} FROM keys WHERE state = 'PendingDeletion' AND deletion_date <= @now " +
                "ORDER BY deletion_date, key_id LIMIT @limit")
            .Bind("now", args.now)
            .Bind("limit", args.limit)
            .ReadAllAsync(PostgresKeyRows.ReadKey, session.CancellationToken), cancellationToken);
    }

    /// <summary>
    /// Claims the key by locking its row at the expected row version (the compare-and-swap), then, in one round trip,
    /// deletes its aliases recording a Delete history entry for each, then grants, usage, tags, material and the key row;
    /// false, with nothing changed, if the version no longer matches or the key is gone. The history entries are
    /// stamped with the store's clock, the moment the key really disappears.
    /// </summary>
    public Task<bool> DeleteKeyAsync(KeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return WriteAsync("DeleteKey", (key, store: this), static async (session, args) =>
        {
            var key = args.key;
            var claimed = await session.Command(ClaimKeySql)
                .BindKeyIdentity(key)
                .Bind("expected", key.RowVersion)
                .ScalarAsync(session.CancellationToken).ConfigureAwait(false);
            if (claimed is null)
            {
                return false;
            }

            var batch = session.Batch();
            batch.Statement(DeleteAliasesOfKeySql)
                .BindKeyIdentity(key)
                .Bind("change", AliasDeleted)
                .Bind("changedAt", PostgresValues.ToMilliseconds(args.store._timeProvider.GetUtcNow()))
                .Bind("changedBy", KeyDeletionPrincipal);
            foreach (var sql in DeleteKeyRowsSql)
            {
                batch.Statement(sql).Bind("keyId", key.KeyId);
            }

            await batch.ExecuteAsync(session.CancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }
}

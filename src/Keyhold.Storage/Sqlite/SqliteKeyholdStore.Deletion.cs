using Keyhold.Core.Keys;

namespace Keyhold.Storage.Sqlite;

public sealed partial class SqliteKeyholdStore
{
    /// <summary>ChangedBy of the alias history entries that <see cref="DeleteKeyAsync"/> writes for the aliases it removes.</summary>
    internal const string KeyDeletionPrincipal = "keyhold:key-deletion";

    public Task<IReadOnlyList<KeyRecord>> GetKeysDueForDeletionAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync("GetKeysDueForDeletion", (now: SqliteValues.ToMilliseconds(now), limit), static IReadOnlyList<KeyRecord> (session, args) => session
            .Command(
                $"SELECT {SqliteKeyRows.KeyColumns} FROM keys WHERE state = 'PendingDeletion' AND deletion_date <= @now " +
                "ORDER BY deletion_date, key_id LIMIT @limit")
            .Bind("@now", args.now)
            .Bind("@limit", args.limit)
            .ReadAll(SqliteKeyRows.ReadKey), cancellationToken);
    }

    /// <summary>
    /// Claims the key by bumping its row version (the compare-and-swap), records a Delete history entry for each of
    /// its aliases, then deletes aliases, grants, usage, tags, material and the key row; false, with nothing changed, if the
    /// version no longer matches or the key is gone. The history entries are stamped with the store's clock, the
    /// moment the key really disappears (which may be later than its DeletionDate if the sweep ran late).
    /// </summary>
    public Task<bool> DeleteKeyAsync(KeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return WriteAsync("DeleteKey", (key, store: this), static (session, args) =>
        {
            var key = args.key;
            var claimed = session.Command(
                    "UPDATE keys SET row_version = row_version + 1 " +
                    "WHERE key_id = @keyId AND account_id = @accountId AND region = @region AND row_version = @expected")
                .BindKeyIdentity(key)
                .Bind("@expected", key.RowVersion)
                .ExecuteNonQuery();
            if (claimed == 0)
            {
                return false;
            }

            session.Command(
                    $"INSERT INTO alias_history ({SqliteAliasRows.HistoryInsertColumns}) " +
                    "SELECT account_id, region, alias_name, @change, NULL, target_key_id, @changedAt, @changedBy FROM aliases " +
                    "WHERE account_id = @accountId AND region = @region AND target_key_id = @keyId ORDER BY alias_name")
                .BindKeyIdentity(key)
                .Bind("@change", AliasDeleted)
                .Bind("@changedAt", SqliteValues.ToMilliseconds(args.store._timeProvider.GetUtcNow()))
                .Bind("@changedBy", KeyDeletionPrincipal)
                .ExecuteNonQuery();
            session.Command("DELETE FROM aliases WHERE account_id = @accountId AND region = @region AND target_key_id = @keyId")
                .BindKeyIdentity(key)
                .ExecuteNonQuery();

            // Children before parents: material_usage refers to key_materials; key_usage, tags, grants and material to keys.
            session.Command("DELETE FROM grants WHERE key_id = @keyId").Bind("@keyId", key.KeyId).ExecuteNonQuery();
            session.Command("DELETE FROM material_usage WHERE key_id = @keyId").Bind("@keyId", key.KeyId).ExecuteNonQuery();
            session.Command("DELETE FROM key_usage WHERE key_id = @keyId").Bind("@keyId", key.KeyId).ExecuteNonQuery();
            session.Command("DELETE FROM key_tags WHERE key_id = @keyId").Bind("@keyId", key.KeyId).ExecuteNonQuery();
            session.Command("DELETE FROM key_materials WHERE key_id = @keyId").Bind("@keyId", key.KeyId).ExecuteNonQuery();
            session.Command("DELETE FROM keys WHERE key_id = @keyId").Bind("@keyId", key.KeyId).ExecuteNonQuery();

            return true;
        }, cancellationToken);
    }
}

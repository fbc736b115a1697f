using Keyhold.Core.Keys;
using Keyhold.Core.Storage;

namespace Keyhold.Storage.Sqlite;

public sealed partial class SqliteKeyholdStore
{
    /// <summary>
    /// Compare-and-swap on row_version, then the new material, in one transaction. A stale row version and an existing
    /// material version (primary key) both become <see cref="StoreConflictException"/> and roll back both writes.
    /// </summary>
    public Task<KeyRecord> AddKeyMaterialAsync(KeyRecord key, KeyMaterialRecord material, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(material);
        ThrowIfNotMaterialOf(key, material);
        _ = SqliteKeyRows.StateName(key.State);
        return WriteAsync("AddKeyMaterial", (key, material), static (session, args) =>
        {
            var stored = ReplaceKey(session, args.key, "AddKeyMaterial");
            InsertMaterial(session, args.material);
            return stored;
        }, cancellationToken);
    }

    /// <summary>Served by the (state, next_rotation_date) index; ties break on key id so batches are repeatable.</summary>
    public Task<IReadOnlyList<KeyRecord>> GetKeysDueForRotationAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync("GetKeysDueForRotation", (now: SqliteValues.ToMilliseconds(now), limit), static IReadOnlyList<KeyRecord> (session, args) => session
            .Command(
                $"SELECT {SqliteKeyRows.KeyColumns} FROM keys WHERE state = 'Enabled' AND next_rotation_date <= @now " +
                "ORDER BY next_rotation_date, key_id LIMIT @limit")
            .Bind("@now", args.now)
            .Bind("@limit", args.limit)
            .ReadAll(SqliteKeyRows.ReadKey), cancellationToken);
    }
}

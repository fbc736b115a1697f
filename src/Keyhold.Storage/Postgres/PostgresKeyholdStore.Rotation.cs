using Keyhold.Core.Keys;
using Keyhold.Core.Storage;

namespace Keyhold.Storage.Postgres;

public sealed partial class PostgresKeyholdStore
{
    /// <summary>
    /// Compare-and-swap on row_version, then the new material, in one transaction. Two nodes rotating the same key
    /// from the same row version serialize on the key's row lock: the loser's UPDATE matches no row. A stale row
    /// version and an existing material version (primary key) both become <see cref="StoreConflictException"/> and
    /// roll back both writes.
    /// </summary>
    public Task<KeyRecord> AddKeyMaterialAsync(KeyRecord key, KeyMaterialRecord material, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(material);
        PostgresKeyRows.ThrowIfNotMaterialOf(key, material);
        _ = PostgresKeyRows.StateName(key.State);
        return WriteAsync("AddKeyMaterial", (key, material), static async (session, args) =>
        {
            var stored = await ReplaceKeyAsync(session, args.key, "AddKeyMaterial").ConfigureAwait(false);
            await InsertMaterialAsync(session, args.material).ConfigureAwait(false);
            return stored;
        }, cancellationToken);
    }

    /// <summary>Served by the (state, next_rotation_date) index; ties break on key id so batches are repeatable.</summary>
    public Task<IReadOnlyList<KeyRecord>> GetKeysDueForRotationAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync("GetKeysDueForRotation", (now: PostgresValues.ToMilliseconds(now), limit), static (session, args) => session
            .Command(
                $"SELECT {PostgresKeyRows.KeyColumns} FROM keys WHERE state = 'Enabled' AND next_rotation_date <= @now " +
                "ORDER BY next_rotation_date, key_id LIMIT @limit")
            .Bind("now", args.now)
            .Bind("limit", args.limit)
            .ReadAllAsync(PostgresKeyRows.ReadKey, session.CancellationToken), cancellationToken);
    }
}

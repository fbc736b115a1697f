using Keyhold.Core.Usage;
using Keyhold.Storage.Shared;

namespace Keyhold.Storage.Postgres;

public sealed partial class PostgresKeyholdStore
{
    // FOR KEY SHARE, in key id order: a key deleted concurrently is either gone (not returned, so its deltas are
    // skipped) or cannot be deleted until this transaction commits, so the upserts below never trip a foreign key.
    private const string LockUsedKeysSql = "SELECT key_id FROM keys WHERE key_id = ANY(@keyIds) ORDER BY key_id FOR KEY SHARE";

    // One statement per table whatever the batch size. The last operation is replaced only by one at least as recent
    // (a tie goes to the later flush); counts add up and the last decrypt only moves forward.
    private const string UpsertKeyUsageSql =
        "INSERT INTO key_usage (key_id, last_operation, last_used_at, last_request_id) " +
        "SELECT * FROM unnest(@keyIds, @operations, @usedAts, @requestIds) " +
        "ON CONFLICT (key_id) DO UPDATE SET last_operation = excluded.last_operation, last_used_at = excluded.last_used_at, " +
        "last_request_id = excluded.last_request_id WHERE excluded.last_used_at >= key_usage.last_used_at";

    private const string UpsertMaterialUsageSql =
        "INSERT INTO material_usage (key_id, version, decrypt_count, last_decrypt_at) " +
        "SELECT u.key_id, u.version, u.decrypt_count, u.last_decrypt_at " +
        "FROM unnest(@keyIds, @versions, @counts, @lastDecryptAts) AS u (key_id, version, decrypt_count, last_decrypt_at) " +
        "WHERE EXISTS (SELECT 1 FROM key_materials m WHERE m.key_id = u.key_id AND m.version = u.version) " +
        "ON CONFLICT (key_id, version) DO UPDATE SET decrypt_count = material_usage.decrypt_count + excluded.decrypt_count, " +
        "last_decrypt_at = GREATEST(material_usage.last_decrypt_at, excluded.last_decrypt_at)";

    /// <summary>
    /// Folds <paramref name="deltas"/> per key and per material version in memory (at full timestamp precision), locks
    /// the keys that still exist, then applies both upserts in one round trip, rows in key id order so concurrent
    /// flushes from several nodes take row locks in one order. Deltas for missing keys, or for material versions a key
    /// does not have, are ignored.
    /// </summary>
    public Task RecordUsageAsync(IReadOnlyList<KeyUsageDelta> deltas, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deltas);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var (lastUses, decrypts) = UsageAggregation.Aggregate(deltas);
        if (lastUses.Count == 0)
        {
            return Task.CompletedTask;
        }

        return WriteAsync("RecordUsage", (lastUses, decrypts), static async (session, args) =>
        {
            var existing = (await session.Command(LockUsedKeysSql)
                .Bind("keyIds", args.lastUses.Select(u => u.KeyId).ToArray())
                .ReadAllAsync(static r => r.GetString(0), session.CancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
            if (existing.Count == 0)
            {
                return true;
            }

            var uses = args.lastUses.Where(u => existing.Contains(u.KeyId)).ToList();
            var batch = session.Batch();
            batch.Statement(UpsertKeyUsageSql)
                .Bind("keyIds", uses.Select(u => u.KeyId).ToArray())
                .Bind("operations", uses.Select(u => u.Operation).ToArray())
                .Bind("usedAts", uses.Select(u => PostgresValues.ToMilliseconds(u.UsedAt)).ToArray())
                .Bind("requestIds", uses.Select(u => u.RequestId).ToArray());
            var decrypts = args.decrypts.Where(d => existing.Contains(d.KeyId)).ToList();
            if (decrypts.Count > 0)
            {
                batch.Statement(UpsertMaterialUsageSql)
                    .Bind("keyIds", decrypts.Select(d => d.KeyId).ToArray())
                    .Bind("versions", decrypts.Select(d => d.Usage.Version).ToArray())
                    .Bind("counts", decrypts.Select(d => d.Usage.DecryptCount).ToArray())
                    .Bind("lastDecryptAts", decrypts.Select(d => PostgresValues.ToMilliseconds(d.Usage.LastDecryptAt!.Value)).ToArray());
            }

            await batch.ExecuteAsync(session.CancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <summary>One statement, so the key's row and its material rows come from the same snapshot.</summary>
    public Task<KeyUsageRecord?> GetKeyUsageAsync(string keyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        return ReadAsync("GetKeyUsage", keyId, static async (session, keyId) =>
        {
            var rows = await session.Command(
                    "SELECT u.last_operation, u.last_used_at, u.last_request_id, m.version, m.decrypt_count, m.last_decrypt_at " +
                    "FROM key_usage u LEFT JOIN material_usage m ON m.key_id = u.key_id WHERE u.key_id = @keyId ORDER BY m.version")
                .Bind("keyId", keyId)
                .ReadAllAsync(static r => (
                    Operation: r.GetString(0),
                    UsedAt: r.GetTimestamp(1),
                    RequestId: r.GetString(2),
                    Material: r.IsDBNull(3) ? null : new MaterialUsage(r.GetInt32(3), r.GetInt64(4), r.GetTimestamp(5))), session.CancellationToken)
                .ConfigureAwait(false);
            if (rows.Count == 0)
            {
                return null;
            }

            var first = rows[0];
            return new KeyUsageRecord(keyId, first.Operation, first.UsedAt, first.RequestId, [.. rows.Select(r => r.Material).OfType<MaterialUsage>()]);
        }, cancellationToken);
    }
}

using Keyhold.Core.Usage;
using Keyhold.Storage.Shared;

namespace Keyhold.Storage.Sqlite;

public sealed partial class SqliteKeyholdStore
{
    // Both upserts select their row only if the key (or material version) still exists, so a delta for a deleted key
    // is skipped instead of failing the whole batch on a foreign key. The last operation is replaced only by one at
    // least as recent (a tie goes to the later flush); counts add up and the last decrypt only moves forward.
    private const string UpsertKeyUsageSql =
        "INSERT INTO key_usage (key_id, last_operation, last_used_at, last_request_id) " +
        "SELECT @keyId, @operation, @usedAt, @requestId WHERE EXISTS (SELECT 1 FROM keys WHERE key_id = @keyId) " +
        "ON CONFLICT (key_id) DO UPDATE SET last_operation = excluded.last_operation, last_used_at = excluded.last_used_at, " +
        "last_request_id = excluded.last_request_id WHERE excluded.last_used_at >= key_usage.last_used_at";

    private const string UpsertMaterialUsageSql =
        "INSERT INTO material_usage (key_id, version, decrypt_count, last_decrypt_at) " +
        "SELECT @keyId, @version, @count, @lastDecryptAt " +
        "WHERE EXISTS (SELECT 1 FROM key_materials WHERE key_id = @keyId AND version = @version) " +
        "ON CONFLICT (key_id, version) DO UPDATE SET decrypt_count = material_usage.decrypt_count + excluded.decrypt_count, " +
        "last_decrypt_at = MAX(material_usage.last_decrypt_at, excluded.last_decrypt_at)";

    /// <summary>
    /// Folds <paramref name="deltas"/> per key and per material version in memory (at full timestamp precision), then
    /// applies one upsert per row in one transaction, in key id order. Deltas for missing keys, or for material
    /// versions a key does not have, are ignored.
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

        return WriteAsync("RecordUsage", (lastUses, decrypts), static (session, args) =>
        {
            foreach (var use in args.lastUses)
            {
                session.Command(UpsertKeyUsageSql)
                    .Bind("@keyId", use.KeyId)
                    .Bind("@operation", use.Operation)
                    .Bind("@usedAt", SqliteValues.ToMilliseconds(use.UsedAt))
                    .Bind("@requestId", use.RequestId)
                    .ExecuteNonQuery();
            }

            foreach (var (keyId, usage) in args.decrypts)
            {
                session.Command(UpsertMaterialUsageSql)
                    .Bind("@keyId", keyId)
                    .Bind("@version", usage.Version)
                    .Bind("@count", usage.DecryptCount)
                    .Bind("@lastDecryptAt", SqliteValues.ToMilliseconds(usage.LastDecryptAt))
                    .ExecuteNonQuery();
            }

            return true;
        }, cancellationToken);
    }

    /// <summary>One statement, so the key's row and its material rows come from the same snapshot.</summary>
    public Task<KeyUsageRecord?> GetKeyUsageAsync(string keyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        return ReadAsync("GetKeyUsage", keyId, static (session, keyId) =>
        {
            using var reader = session.Command(
                    "SELECT u.last_operation, u.last_used_at, u.last_request_id, m.version, m.decrypt_count, m.last_decrypt_at " +
                    "FROM key_usage u LEFT JOIN material_usage m ON m.key_id = u.key_id WHERE u.key_id = @keyId ORDER BY m.version")
                .Bind("@keyId", keyId)
                .ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            var (operation, usedAt, requestId) = (reader.GetString(0), reader.GetTimestamp(1), reader.GetString(2));
            var materials = new List<MaterialUsage>();
            do
            {
                if (!reader.IsDBNull(3))
                {
                    materials.Add(new MaterialUsage(reader.GetInt32(3), reader.GetInt64(4), reader.GetTimestamp(5)));
                }
            }
            while (reader.Read());

            return new KeyUsageRecord(keyId, operation, usedAt, requestId, materials);
        }, cancellationToken);
    }
}

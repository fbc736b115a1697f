using Keyhold.Core.Keys;
using Keyhold.Core.Storage;
using Npgsql;

namespace Keyhold.Storage.Postgres;

public sealed partial class PostgresKeyholdStore
{
    private const string InsertKeySql =
        $"INSERT INTO keys ({PostgresKeyRows.KeyColumns}) VALUES (@keyId, @accountId, @region, @description, @keySpec, @keyUsage, " +
        "@origin, @keyManager, @state, @creationDate, @deletionDate, @pendingWindow, @policy, @currentVersion, @rotationPeriod, @nextRotation, " +
        "@rowVersion)";

    private const string InsertMaterialSql =
        $"INSERT INTO key_materials ({PostgresKeyRows.MaterialColumns}) VALUES (@keyId, @version, @materialId, @wrapped, @createdAt, @rotationType)";

    // Under READ COMMITTED a racing UPDATE waits for the row lock, then re-checks the WHERE clause against the row the
    // winner committed: its row_version no longer matches, so exactly one of the racers changes the row.
    private const string UpdateKeySql =
        "UPDATE keys SET description = @description, key_spec = @keySpec, key_usage = @keyUsage, origin = @origin, " +
        "key_manager = @keyManager, state = @state, creation_date = @creationDate, deletion_date = @deletionDate, " +
        "pending_deletion_window_in_days = @pendingWindow, policy = @policy, current_material_version = @currentVersion, " +
        "rotation_period_days = @rotationPeriod, next_rotation_date = @nextRotation, " +
        "row_version = row_version + 1 " +
        "WHERE key_id = @keyId AND account_id = @accountId AND region = @region AND row_version = @expected";

    /// <summary>
    /// Inserts the key (with the row version it carries), its first material and its tags in one transaction and one
    /// round trip; <see cref="StoreConflictException"/> if the key id exists.
    /// </summary>
    public Task CreateKeyAsync(KeyRecord key, KeyMaterialRecord material, IReadOnlyList<KeyTag> tags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(material);
        ArgumentNullException.ThrowIfNull(tags);
        PostgresKeyRows.ThrowIfNotMaterialOf(key, material);
        if (tags.DistinctBy(t => t.TagKey, StringComparer.Ordinal).Count() != tags.Count)
        {
            throw new ArgumentException("Tag keys must be unique.", nameof(tags));
        }

        _ = PostgresKeyRows.StateName(key.State);
        return WriteAsync("CreateKey", (key, material, tags), static async (session, args) =>
        {
            var batch = session.Batch();
            batch.Statement(InsertKeySql).BindKeyIdentity(args.key).BindKeyFields(args.key).Bind("rowVersion", args.key.RowVersion);
            batch.Statement(InsertMaterialSql).BindMaterial(args.material);
            foreach (var tag in args.tags)
            {
                batch.Statement(UpsertTagSql).Bind("keyId", args.key.KeyId).Bind("tagKey", tag.TagKey).Bind("tagValue", tag.TagValue);
            }

            await batch.ExecuteAsync(session.CancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    public Task<KeyRecord?> GetKeyAsync(string accountId, string region, string keyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(keyId);
        return ReadAsync("GetKey", (accountId, region, keyId), static (session, args) => session
            .Command($"SELECT {PostgresKeyRows.KeyColumns} FROM keys WHERE key_id = @keyId AND account_id = @accountId AND region = @region")
            .Bind("keyId", args.keyId)
            .Bind("accountId", args.accountId)
            .Bind("region", args.region)
            .ReadSingleAsync(PostgresKeyRows.ReadKey, session.CancellationToken), cancellationToken);
    }

    /// <summary>Keyset pagination in byte order (key_id is COLLATE "C"): ids strictly after <paramref name="afterKeyId"/>.</summary>
    public Task<IReadOnlyList<KeyRecord>> ListKeysAsync(string accountId, string region, string? afterKeyId, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(region);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync("ListKeys", (accountId, region, afterKeyId, limit), static (session, args) => session
            .Command(
                $"SELECT {PostgresKeyRows.KeyColumns} FROM keys WHERE account_id = @accountId AND region = @region AND key_id > @after " +
                "ORDER BY key_id LIMIT @limit")
            .Bind("accountId", args.accountId)
            .Bind("region", args.region)
            .Bind("after", args.afterKeyId ?? string.Empty)
            .Bind("limit", args.limit)
            .ReadAllAsync(PostgresKeyRows.ReadKey, session.CancellationToken), cancellationToken);
    }

    /// <summary>Compare-and-swap on row_version; the returned record carries the incremented version.</summary>
    public Task<KeyRecord> UpdateKeyAsync(KeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        _ = PostgresKeyRows.StateName(key.State);
        return WriteAsync("UpdateKey", key, static (session, key) => ReplaceKeyAsync(session, key, "UpdateKey"), cancellationToken);
    }

    public Task<IReadOnlyList<KeyMaterialRecord>> GetKeyMaterialsAsync(string keyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        return ReadAsync("GetKeyMaterials", keyId, static (session, keyId) => session
            .Command($"SELECT {PostgresKeyRows.MaterialColumns} FROM key_materials WHERE key_id = @keyId ORDER BY version")
            .Bind("keyId", keyId)
            .ReadAllAsync(PostgresKeyRows.ReadMaterial, session.CancellationToken), cancellationToken);
    }

    /// <summary>
    /// Replaces the key's row if row_version still matches (the compare-and-swap shared by UpdateKey and
    /// AddKeyMaterial); returns the record as stored, with the incremented version.
    /// </summary>
    private static async Task<KeyRecord> ReplaceKeyAsync(PostgresSession session, KeyRecord key, string operation)
    {
        var changed = await session.Command(UpdateKeySql)
            .BindKeyIdentity(key)
            .BindKeyFields(key)
            .Bind("expected", key.RowVersion)
            .ExecuteAsync(session.CancellationToken).ConfigureAwait(false);
        if (changed == 0)
        {
            throw new StoreConflictException(
                $"{operation} conflicts with stored data: key {key.KeyId} is no longer at row version {key.RowVersion} (changed or deleted concurrently).");
        }

        return PostgresKeyRows.AsStored(key, key.RowVersion + 1);
    }

    private static Task<int> InsertMaterialAsync(PostgresSession session, KeyMaterialRecord material) => session
        .Command(InsertMaterialSql)
        .BindMaterial(material)
        .ExecuteAsync(session.CancellationToken);
}

using Keyhold.Core.Keys;
using Keyhold.Core.Storage;

namespace Keyhold.Storage.Sqlite;

public sealed partial class SqliteKeyholdStore
{
    private const string InsertKeySql =
        $"INSERT INTO keys ({SqliteKeyRows.KeyColumns}) VALUES (@keyId, @accountId, @region, @description, @keySpec, @keyUsage, " +
        "@origin, @keyManager, @state, @creationDate, @deletionDate, @pendingWindow, @policy, @currentVersion, @rotationPeriod, @nextRotation, " +
        "@rowVersion)";

    private const string InsertMaterialSql =
        $"INSERT INTO key_materials ({SqliteKeyRows.MaterialColumns}) VALUES (@keyId, @version, @materialId, @wrapped, @createdAt, @rotationType)";

    private const string UpdateKeySql =
        "UPDATE keys SET description = @description, key_spec = @keySpec, key_usage = @keyUsage, origin = @origin, " +
        "key_manager = @keyManager, state = @state, creation_date = @creationDate, deletion_date = @deletionDate, " +
        "pending_deletion_window_in_days = @pendingWindow, policy = @policy, current_material_version = @currentVersion, " +
        "rotation_period_days = @rotationPeriod, next_rotation_date = @nextRotation, " +
        "row_version = row_version + 1 " +
        "WHERE key_id = @keyId AND account_id = @accountId AND region = @region AND row_version = @expected";

    /// <summary>
    /// Inserts the key (with the row version it carries), its first material and its tags in one transaction;
    /// <see cref="StoreConflictException"/> if the key id exists.
    /// </summary>
    public Task CreateKeyAsync(KeyRecord key, KeyMaterialRecord material, IReadOnlyList<KeyTag> tags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(material);
        ArgumentNullException.ThrowIfNull(tags);
        ThrowIfNotMaterialOf(key, material);
        if (tags.DistinctBy(t => t.TagKey, StringComparer.Ordinal).Count() != tags.Count)
        {
            throw new ArgumentException("Tag keys must be unique.", nameof(tags));
        }

        _ = SqliteKeyRows.StateName(key.State);
        return WriteAsync("CreateKey", (key, material, tags), static (session, args) =>
        {
            session.Command(InsertKeySql)
                .BindKeyIdentity(args.key)
                .BindKeyFields(args.key)
                .Bind("@rowVersion", args.key.RowVersion)
                .ExecuteNonQuery();
            InsertMaterial(session, args.material);
            foreach (var tag in args.tags)
            {
                UpsertTag(session, args.key.KeyId, tag);
            }

            return true;
        }, cancellationToken);
    }

    public Task<KeyRecord?> GetKeyAsync(string accountId, string region, string keyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(keyId);
        return ReadAsync("GetKey", (accountId, region, keyId), static (session, args) => session
            .Command($"SELECT {SqliteKeyRows.KeyColumns} FROM keys WHERE key_id = @keyId AND account_id = @accountId AND region = @region")
            .Bind("@keyId", args.keyId)
            .Bind("@accountId", args.accountId)
            .Bind("@region", args.region)
            .ReadSingle(SqliteKeyRows.ReadKey), cancellationToken);
    }

    /// <summary>Keyset pagination: ids strictly after <paramref name="afterKeyId"/> (every key id sorts after the empty string).</summary>
    public Task<IReadOnlyList<KeyRecord>> ListKeysAsync(string accountId, string region, string? afterKeyId, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(region);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync("ListKeys", (accountId, region, afterKeyId, limit), static IReadOnlyList<KeyRecord> (session, args) => session
            .Command(
                $"SELECT {SqliteKeyRows.KeyColumns} FROM keys WHERE account_id = @accountId AND region = @region AND key_id > @after " +
                "ORDER BY key_id LIMIT @limit")
            .Bind("@accountId", args.accountId)
            .Bind("@region", args.region)
            .Bind("@after", args.afterKeyId ?? string.Empty)
            .Bind("@limit", args.limit)
            .ReadAll(SqliteKeyRows.ReadKey), cancellationToken);
    }

    /// <summary>Compare-and-swap on row_version; the returned record carries the incremented version.</summary>
    public Task<KeyRecord> UpdateKeyAsync(KeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        _ = SqliteKeyRows.StateName(key.State);
        return WriteAsync("UpdateKey", key, static (session, key) => ReplaceKey(session, key, "UpdateKey"), cancellationToken);
    }

    public Task<IReadOnlyList<KeyMaterialRecord>> GetKeyMaterialsAsync(string keyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        return ReadAsync("GetKeyMaterials", keyId, static IReadOnlyList<KeyMaterialRecord> (session, keyId) => session
            .Command($"SELECT {SqliteKeyRows.MaterialColumns} FROM key_materials WHERE key_id = @keyId ORDER BY version")
            .Bind("@keyId", keyId)
            .ReadAll(SqliteKeyRows.ReadMaterial), cancellationToken);
    }

    /// <summary>
    /// Replaces the key's row if row_version still matches (the compare-and-swap shared by UpdateKey and
    /// AddKeyMaterial); returns the record as stored, with the incremented version.
    /// </summary>
    private static KeyRecord ReplaceKey(SqliteSession session, KeyRecord key, string operation)
    {
        var changed = session.Command(UpdateKeySql)
            .BindKeyIdentity(key)
            .BindKeyFields(key)
            .Bind("@expected", key.RowVersion)
            .ExecuteNonQuery();
        if (changed == 0)
        {
            throw new StoreConflictException(
                $"{operation} conflicts with stored data: key {key.KeyId} is no longer at row version {key.RowVersion} (changed or deleted concurrently).");
        }

        return SqliteKeyRows.AsStored(key, key.RowVersion + 1);
    }

    private static void ThrowIfNotMaterialOf(KeyRecord key, KeyMaterialRecord material)
    {
        if (!string.Equals(material.KeyId, key.KeyId, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Material belongs to key {material.KeyId}, not {key.KeyId}.", nameof(material));
        }
    }

    private static void InsertMaterial(SqliteSession session, KeyMaterialRecord material) => session
        .Command(InsertMaterialSql)
        .Bind("@keyId", material.KeyId)
        .Bind("@version", material.Version)
        .Bind("@materialId", material.MaterialId)
        .Bind("@wrapped", material.WrappedMaterial)
        .Bind("@createdAt", SqliteValues.ToMilliseconds(material.CreatedAt))
        .Bind("@rotationType", material.RotationType)
        .ExecuteNonQuery();
}

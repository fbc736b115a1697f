using Keyhold.Core.Keys;
using Keyhold.Core.Storage;

namespace Keyhold.Storage.Sqlite;

public sealed partial class SqliteKeyholdStore
{
    public Task<IReadOnlyList<KeyTag>> GetTagsAsync(string keyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        return ReadAsync("GetTags", keyId, static IReadOnlyList<KeyTag> (session, keyId) => session
            .Command("SELECT tag_key, tag_value FROM key_tags WHERE key_id = @keyId ORDER BY tag_key")
            .Bind("@keyId", keyId)
            .ReadAll(static r => new KeyTag(r.GetString(0), r.GetString(1))), cancellationToken);
    }

    /// <summary>
    /// Upserts <paramref name="upsert"/> (a repeated tag key: the last value wins), then removes
    /// <paramref name="removeKeys"/>; <see cref="StoreConflictException"/> if the key does not exist (deleted concurrently).
    /// </summary>
    public Task UpdateTagsAsync(string keyId, IReadOnlyList<KeyTag> upsert, IReadOnlyList<string> removeKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        ArgumentNullException.ThrowIfNull(upsert);
        ArgumentNullException.ThrowIfNull(removeKeys);
        return WriteAsync("UpdateTags", (keyId, upsert, removeKeys), static (session, args) =>
        {
            var exists = session.Command("SELECT 1 FROM keys WHERE key_id = @keyId").Bind("@keyId", args.keyId).ExecuteScalar() is not null;
            if (!exists)
            {
                throw new StoreConflictException($"UpdateTags conflicts with stored data: key {args.keyId} does not exist (it may have been deleted concurrently).");
            }

            foreach (var tag in args.upsert)
            {
                UpsertTag(session, args.keyId, tag);
            }

            foreach (var tagKey in args.removeKeys)
            {
                session.Command("DELETE FROM key_tags WHERE key_id = @keyId AND tag_key = @tagKey")
                    .Bind("@keyId", args.keyId)
                    .Bind("@tagKey", tagKey)
                    .ExecuteNonQuery();
            }

            return true;
        }, cancellationToken);
    }

    private static void UpsertTag(SqliteSession session, string keyId, KeyTag tag) => session
        .Command(
            "INSERT INTO key_tags (key_id, tag_key, tag_value) VALUES (@keyId, @tagKey, @tagValue) " +
            "ON CONFLICT (key_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value")
        .Bind("@keyId", keyId)
        .Bind("@tagKey", tag.TagKey)
        .Bind("@tagValue", tag.TagValue)
        .ExecuteNonQuery();
}

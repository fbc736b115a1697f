using Keyhold.Core.Keys;
using Keyhold.Core.Storage;

namespace Keyhold.Storage.Postgres;

public sealed partial class PostgresKeyholdStore
{
    private const string UpsertTagSql =
        "INSERT INTO key_tags (key_id, tag_key, tag_value) VALUES (@keyId, @tagKey, @tagValue) " +
        "ON CONFLICT (key_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value";

    public Task<IReadOnlyList<KeyTag>> GetTagsAsync(string keyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        return ReadAsync("GetTags", keyId, static (session, keyId) => session
            .Command("SELECT tag_key, tag_value FROM key_tags WHERE key_id = @keyId ORDER BY tag_key")
            .Bind("keyId", keyId)
            .ReadAllAsync(static r => new KeyTag(r.GetString(0), r.GetString(1)), session.CancellationToken), cancellationToken);
    }

    /// <summary>
    /// Locks the key against deletion (FOR KEY SHARE), upserts <paramref name="upsert"/> (a repeated tag key: the last
    /// value wins), then removes <paramref name="removeKeys"/>; <see cref="StoreConflictException"/> if the key does not
    /// exist (deleted concurrently).
    /// </summary>
    public Task UpdateTagsAsync(string keyId, IReadOnlyList<KeyTag> upsert, IReadOnlyList<string> removeKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        ArgumentNullException.ThrowIfNull(upsert);
        ArgumentNullException.ThrowIfNull(removeKeys);
        return WriteAsync("UpdateTags", (keyId, upsert, removeKeys), static async (session, args) =>
        {
            var exists = await session.Command("SELECT 1 FROM keys WHERE key_id = @keyId FOR KEY SHARE")
                .Bind("keyId", args.keyId)
                .ScalarAsync(session.CancellationToken).ConfigureAwait(false) is not null;
            if (!exists)
            {
                throw new StoreConflictException($"UpdateTags conflicts with stored data: key {args.keyId} does not exist (it may have been deleted concurrently).");
            }

            if (args.upsert.Count == 0 && args.removeKeys.Count == 0)
            {
                return true;
            }

            var batch = session.Batch();
            foreach (var tag in args.upsert)
            {
                batch.Statement(UpsertTagSql).Bind("keyId", args.keyId).Bind("tagKey", tag.TagKey).Bind("tagValue", tag.TagValue);
            }

            if (args.removeKeys.Count > 0)
            {
                batch.Statement("DELETE FROM key_tags WHERE key_id = @keyId AND tag_key = ANY(@tagKeys)")
                    .Bind("keyId", args.keyId)
                    .Bind("tagKeys", args.removeKeys.ToArray());
            }

            await batch.ExecuteAsync(session.CancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }
}

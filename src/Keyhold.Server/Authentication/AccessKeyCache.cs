using System.Collections.Concurrent;
using System.Text;
using Keyhold.Core.Accounts;
using Keyhold.Core.Storage;
using Keyhold.Crypto.Protection;
using Keyhold.Server.Accounts;

namespace Keyhold.Server.Authentication;

/// <summary>
/// Access keys with their unsealed secrets, cached briefly so that signature checks need no store round trip.
/// An entry lives <see cref="Lifetime"/>: a key deactivated or deleted in the store stops working within that time.
/// </summary>
internal sealed class AccessKeyCache(IKeyholdStore store, DomainKeyRing ring, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The active access key and its secret, or null if the id is unknown or inactive.</summary>
    public async ValueTask<(AccessKeyRecord Key, string Secret)?> GetAsync(string accessKeyId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(accessKeyId, out var entry) && entry.Expires > now)
        {
            return entry.Value;
        }

        var record = await store.GetAccessKeyAsync(accessKeyId, cancellationToken).ConfigureAwait(false);
        (AccessKeyRecord, string)? value = null;
        if (record is { Active: true })
        {
            var secret = ring.Open(record.WrappedSecret, AccessKeyFactory.SecretPurpose(record.AccessKeyId));
            value = (record, Encoding.UTF8.GetString(secret));
        }

        if (_entries.Count > 10_000)
        {
            _entries.Clear();
        }

        _entries[accessKeyId] = new Entry(value, now + Lifetime);
        return value;
    }

    /// <summary>Forgets an access key at once (after it was deactivated or deleted on this node); other nodes follow within <see cref="Lifetime"/>.</summary>
    public void Evict(string accessKeyId) => _entries.TryRemove(accessKeyId, out _);

    /// <summary>Forgets every cached access key of one user (the user was deleted, perhaps on another node).</summary>
    public void EvictUser(string accountId, string userName)
    {
        foreach (var (id, entry) in _entries)
        {
            if (entry.Value is { Key: var key } && key.AccountId == accountId && key.UserName == userName)
            {
                _entries.TryRemove(id, out _);
            }
        }
    }

    private sealed record Entry((AccessKeyRecord Key, string Secret)? Value, DateTimeOffset Expires);
}

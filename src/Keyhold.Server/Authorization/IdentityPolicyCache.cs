using System.Collections.Concurrent;
using Keyhold.Core.Storage;
using Keyhold.Policy;

namespace Keyhold.Server.Authorization;

/// <summary>
/// A user's identity policies, parsed, cached per node for <see cref="Lifetime"/> like access keys
/// (docs/designs/consistency.md): a PutUserPolicy or a deleted user takes effect on every node within that time.
/// </summary>
internal sealed class IdentityPolicyCache(IKeyholdStore store, PolicyCache documents, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<(string Account, string User), Entry> _entries = new();

    public async ValueTask<IReadOnlyList<PolicyDocument>> GetAsync(string accountId, string userName, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_entries.TryGetValue((accountId, userName), out var entry) && entry.Expires > now)
        {
            return entry.Policies;
        }

        var records = await store.GetUserPoliciesAsync(accountId, userName, cancellationToken).ConfigureAwait(false);
        var parsed = new List<PolicyDocument>(records.Count);
        foreach (var record in records)
        {
            if (documents.Get(record.Document, PolicyKind.IdentityPolicy) is { } document)
            {
                parsed.Add(document);
            }
        }

        if (_entries.Count > 10_000)
        {
            _entries.Clear();
        }

        _entries[(accountId, userName)] = new Entry(parsed, now + Lifetime);
        return parsed;
    }

    /// <summary>Forgets a user's entry at once (after a change made on this node).</summary>
    public void Evict(string accountId, string userName) => _entries.TryRemove((accountId, userName), out _);

    private sealed record Entry(IReadOnlyList<PolicyDocument> Policies, DateTimeOffset Expires);
}

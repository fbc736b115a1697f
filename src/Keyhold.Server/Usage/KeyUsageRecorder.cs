using Keyhold.Core.Storage;
using Keyhold.Core.Usage;

namespace Keyhold.Server.Usage;

/// <summary>
/// Aggregates successful cryptographic uses in memory (the hot path does no store write) and hands them to the
/// store in one batch per flush: last operation per key, decrypt counts per key-material version.
/// A crash loses at most one flush interval of usage; it never loses keys or ciphertexts.
/// </summary>
internal sealed class KeyUsageRecorder(IKeyholdStore store, TimeProvider time)
{
    private readonly Lock _gate = new();
    private Dictionary<(string KeyId, int? Version), Aggregate> _pending = [];

    /// <summary>Records one successful use; <paramref name="decryptedVersion"/> is the material version that decrypted, if any.</summary>
    public void Record(string keyId, string operation, string requestId, int? decryptedVersion = null)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            ref var aggregate = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_pending, (keyId, decryptedVersion), out _);
            aggregate = new Aggregate(operation, now, requestId, aggregate.Count + 1);
        }
    }

    /// <summary>Writes everything recorded so far to the store.</summary>
    public async Task<int> FlushAsync(CancellationToken cancellationToken)
    {
        Dictionary<(string KeyId, int? Version), Aggregate> batch;
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                return 0;
            }

            batch = _pending;
            _pending = [];
        }

        var deltas = new List<KeyUsageDelta>(batch.Count);
        foreach (var ((keyId, version), aggregate) in batch)
        {
            deltas.Add(new KeyUsageDelta(keyId, aggregate.Operation, aggregate.LastUsedAt, aggregate.RequestId, version, aggregate.Count));
        }

        try
        {
            await store.RecordUsageAsync(deltas, cancellationToken).ConfigureAwait(false);
        }
        catch (StoreUnavailableException)
        {
            // The store is down for now (disk full, database unreachable): keep the counts for the next flush.
            Requeue(batch);
            throw;
        }

        return deltas.Count;
    }

    private void Requeue(Dictionary<(string KeyId, int? Version), Aggregate> batch)
    {
        lock (_gate)
        {
            foreach (var (slot, failed) in batch)
            {
                ref var aggregate = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_pending, slot, out var exists);
                aggregate = exists && aggregate.LastUsedAt >= failed.LastUsedAt
                    ? aggregate with { Count = aggregate.Count + failed.Count }
                    : failed with { Count = failed.Count + (exists ? aggregate.Count : 0) };
            }
        }
    }

    private readonly record struct Aggregate(string Operation, DateTimeOffset LastUsedAt, string RequestId, long Count);
}

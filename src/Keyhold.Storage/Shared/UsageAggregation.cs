using Keyhold.Core.Usage;

namespace Keyhold.Storage.Shared;

/// <summary>Folds a batch of usage deltas before a store writes it; both backends apply the same rules.</summary>
internal static class UsageAggregation
{
    /// <summary>
    /// Per key the delta with the latest UsedAt (a tie: the later one in the list); per (key, version) the summed
    /// decrypt count and latest decrypt. Both sorted by key id (and version), so every writer takes rows in one order.
    /// </summary>
    public static (List<KeyUsageDelta> LastUses, List<(string KeyId, MaterialUsage Usage)> Decrypts) Aggregate(IReadOnlyList<KeyUsageDelta> deltas)
    {
        var lastUses = new Dictionary<string, KeyUsageDelta>(StringComparer.Ordinal);
        var decrypts = new Dictionary<(string KeyId, int Version), MaterialUsage>();
        foreach (var delta in deltas)
        {
            ArgumentNullException.ThrowIfNull(delta, nameof(deltas));
            ArgumentNullException.ThrowIfNull(delta.KeyId, nameof(deltas));
            ArgumentNullException.ThrowIfNull(delta.Operation, nameof(deltas));
            ArgumentNullException.ThrowIfNull(delta.RequestId, nameof(deltas));
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(delta.Count, nameof(deltas));
            if (!lastUses.TryGetValue(delta.KeyId, out var last) || delta.UsedAt >= last.UsedAt)
            {
                lastUses[delta.KeyId] = delta;
            }

            if (delta.DecryptedMaterialVersion is { } version)
            {
                decrypts[(delta.KeyId, version)] = decrypts.TryGetValue((delta.KeyId, version), out var sum)
                    ? new MaterialUsage(version, checked(sum.DecryptCount + delta.Count), Max(sum.LastDecryptAt!.Value, delta.UsedAt))
                    : new MaterialUsage(version, delta.Count, delta.UsedAt);
            }
        }

        return (
            [.. lastUses.Values.OrderBy(d => d.KeyId, StringComparer.Ordinal)],
            [.. decrypts.OrderBy(d => d.Key.KeyId, StringComparer.Ordinal).ThenBy(d => d.Key.Version).Select(d => (d.Key.KeyId, d.Value))]);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
}

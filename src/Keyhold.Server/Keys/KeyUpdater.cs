using Keyhold.Core.Keys;
using Keyhold.Core.Storage;
using Keyhold.Server.Protocol;

namespace Keyhold.Server.Keys;

/// <summary>
/// Read-modify-write of a key as a compare-and-swap loop: re-reads and re-applies the change when another
/// request (or another node) updated the key in between, so no update is lost and rules see the latest state.
/// </summary>
internal sealed class KeyUpdater(IKeyholdStore store, KeyResolver resolver)
{
    /// <summary>
    /// Every lost compare-and-swap means another writer's change committed, so N racers on one key finish within N
    /// attempts; 32 covers far more concurrent writers of one key than any real workload has.
    /// </summary>
    private const int MaxAttempts = 32;

    /// <summary>Applies <paramref name="change"/> to the key named by <paramref name="keyIdOrArn"/> (not an alias).</summary>
    /// <param name="context">The caller.</param>
    /// <param name="keyIdOrArn">Key id or key ARN.</param>
    /// <param name="change">Returns the new record, or the same instance for "nothing to change"; throws AWS errors for invalid states.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    public async Task<KeyRecord> UpdateAsync(KmsRequestContext context, string keyIdOrArn, Func<KeyRecord, KeyRecord> change, CancellationToken cancellationToken)
    {
        var key = await resolver.ResolveAsync(context, keyIdOrArn, allowAlias: false, cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var updated = change(key);
            if (ReferenceEquals(updated, key))
            {
                return key;
            }

            try
            {
                return await store.UpdateKeyAsync(updated, cancellationToken).ConfigureAwait(false);
            }
            catch (StoreConflictException) when (attempt < MaxAttempts)
            {
                key = await resolver.GetAsync(context, key.KeyId, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}

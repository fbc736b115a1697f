using Keyhold.Core.Storage;
using Keyhold.Server.Authentication;
using Keyhold.Server.Authorization;
using Microsoft.Extensions.Hosting;

namespace Keyhold.Server.Background;

/// <summary>
/// On a store shared by several nodes (PostgreSQL), listens for the changes other nodes commit and evicts this node's
/// cached access keys and identity policies at once; the caches' one-second lifetime stays the bound when a notification
/// is lost (docs/designs/consistency.md). On a single-node store there is nothing to listen to.
/// </summary>
internal sealed class CacheInvalidationService(IKeyholdStore store, AccessKeyCache accessKeys, IdentityPolicyCache identities) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        store is IStoreChangeFeed feed ? feed.ListenAsync(Apply, stoppingToken) : Task.CompletedTask;

    private void Apply(StoreChange change)
    {
        switch (change.Kind)
        {
            case StoreChangeKind.AccessKey:
                accessKeys.Evict(change.Name);
                break;
            case StoreChangeKind.User:
                identities.Evict(change.AccountId, change.Name);
                accessKeys.EvictUser(change.AccountId, change.Name);
                break;
        }
    }
}

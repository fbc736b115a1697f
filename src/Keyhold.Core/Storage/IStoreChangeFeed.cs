namespace Keyhold.Core.Storage;

/// <summary>
/// Implemented by stores that several nodes share: tells every node at once about changes to the data nodes cache
/// (access keys, identity policies), so a deactivated key or a changed policy does not wait for a cache to expire.
/// Delivery is best effort; the caches' time-to-live stays the bound when a notification is lost.
/// </summary>
public interface IStoreChangeFeed
{
    /// <summary>
    /// Calls <paramref name="onChange"/> for every change committed by any node until <paramref name="cancellationToken"/>
    /// is cancelled; reconnects by itself after a failure.
    /// </summary>
    Task ListenAsync(Action<StoreChange> onChange, CancellationToken cancellationToken);
}

/// <summary>What changed: an access key (<see cref="Name"/> is its id) or a user's policies or existence.</summary>
public sealed record StoreChange(StoreChangeKind Kind, string AccountId, string Name);

/// <summary>The kinds of cached data a <see cref="StoreChange"/> invalidates.</summary>
public enum StoreChangeKind
{
    AccessKey,
    User,
}

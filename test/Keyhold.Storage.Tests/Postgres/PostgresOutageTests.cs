using System.Diagnostics;
using Keyhold.Core.Keys;
using Keyhold.Core.Storage;
using Keyhold.Storage.Postgres;

namespace Keyhold.Storage.Tests.Postgres;

/// <summary>
/// The database server going away and coming back, on a cluster of the test's own (stopping the shared one would
/// fail every other PostgreSQL test running meanwhile).
/// </summary>
public sealed class PostgresOutageTests : IAsyncLifetime
{
    private readonly PostgresCluster _cluster = new();
    private string _database = null!;

    public async Task InitializeAsync()
    {
        await _cluster.InitializeAsync();
        _database = _cluster.CreateDatabase();
    }

    public Task DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public async Task AnyOperation_ServerStopped_ThrowsUnavailableFastWithoutPasswordThenRecoversAfterRestart()
    {
        await using var store = await OpenStoreAsync();
        var key = await CreateKeyAsync(store);
        await WarmPoolAsync(store, key);
        await _cluster.StopAsync().WithTimeout();

        var stopwatch = Stopwatch.StartNew();
        var read = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.GetKeyAsync(key.AccountId, key.Region, key.KeyId, CancellationToken.None).WithTimeout());
        var write = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.UpdateKeyAsync(key with { Description = "lost" }, CancellationToken.None).WithTimeout());
        Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        foreach (var ex in new[] { read, write })
        {
            Assert.Contains("cannot be reached", ex.Message, StringComparison.Ordinal);
            Assert.Contains($"127.0.0.1:{_cluster.Port}/{_database}", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(PostgresCluster.Password, ex.ToString(), StringComparison.Ordinal);
        }

        await _cluster.StartAsync().WithTimeout();

        Assert.Equal(key, await store.GetKeyAsync(key.AccountId, key.Region, key.KeyId, CancellationToken.None).WithTimeout());
        var updated = await store.UpdateKeyAsync(key with { Description = "after restart" }, CancellationToken.None).WithTimeout();
        Assert.Equal(updated, await store.GetKeyAsync(key.AccountId, key.Region, key.KeyId, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task AnyOperation_ServerRestartedWhileIdle_SucceedsAtFirstCallOnFreshConnections()
    {
        await using var store = await OpenStoreAsync();
        var key = await CreateKeyAsync(store);
        await WarmPoolAsync(store, key);

        // Every pooled connection now points at a server process that no longer exists.
        await _cluster.StopAsync().WithTimeout();
        await _cluster.StartAsync().WithTimeout();

        var updated = await store.UpdateKeyAsync(key with { Description = "first write after restart" }, CancellationToken.None).WithTimeout();
        var reads = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => store.GetKeyAsync(key.AccountId, key.Region, key.KeyId, CancellationToken.None))).WithTimeout();
        Assert.All(reads, read => Assert.Equal(updated, read));
    }

    private async Task<PostgresKeyholdStore> OpenStoreAsync()
    {
        var store = new PostgresKeyholdStore(new PostgresStoreOptions { ConnectionString = _cluster.ConnectionString(_database) });
        await store.MigrateAsync(CancellationToken.None).WithTimeout();
        return store;
    }

    private static async Task<KeyRecord> CreateKeyAsync(PostgresKeyholdStore store)
    {
        var key = new KeyRecord
        {
            AccountId = "111122223333",
            Region = "us-east-1",
            KeyId = Guid.NewGuid().ToString(),
            KeySpec = "SYMMETRIC_DEFAULT",
            KeyUsage = "ENCRYPT_DECRYPT",
            State = KeyState.Enabled,
            CreationDate = DateTimeOffset.FromUnixTimeMilliseconds(1_741_964_966_535),
            Policy = "{}",
            CurrentMaterialVersion = 1,
        };
        var material = new KeyMaterialRecord { KeyId = key.KeyId, Version = 1, MaterialId = new string('a', 64), WrappedMaterial = [1, 2, 3], CreatedAt = key.CreationDate };
        await store.CreateKeyAsync(key, material, [], CancellationToken.None).WithTimeout();
        return key;
    }

    /// <summary>Leaves several idle connections in the store's pool.</summary>
    private static async Task WarmPoolAsync(PostgresKeyholdStore store, KeyRecord key) =>
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => store.GetKeyAsync(key.AccountId, key.Region, key.KeyId, CancellationToken.None))).WithTimeout();
}

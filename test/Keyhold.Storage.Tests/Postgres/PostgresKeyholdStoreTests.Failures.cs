using System.Diagnostics;
using Keyhold.Core.Keys;
using Keyhold.Core.Storage;
using Keyhold.Storage.Postgres;
using Npgsql;

namespace Keyhold.Storage.Tests.Postgres;

public sealed partial class PostgresKeyholdStoreTests
{
    [Fact]
    public async Task GetDomainKeys_DatabaseNotMigrated_ThrowsUnavailableNamingMigrate()
    {
        await using var store = CreateStore(CreateOtherDatabase());

        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.GetDomainKeysAsync(CancellationToken.None).WithTimeout());

        Assert.Contains("MigrateAsync", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetDomainKeys_DatabaseMissing_ThrowsUnavailableNamingServerButNotPassword()
    {
        await using var store = CreateStore("keyhold_no_such_database");

        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.GetDomainKeysAsync(CancellationToken.None).WithTimeout());

        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{_cluster.Port}/keyhold_no_such_database", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(PostgresCluster.Password, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateKey_DatabaseReadOnly_ThrowsUnavailableNamingTheFixAndWritesNothing()
    {
        await ExecuteAsync("postgres", $"ALTER DATABASE {_database} SET default_transaction_read_only = on");
        await using var store = CreateStore(_database);
        var key = NewKey();

        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(
            () => store.CreateKeyAsync(key, NewMaterial(key.KeyId), [], CancellationToken.None).WithTimeout());

        Assert.Contains("read-write", ex.Message, StringComparison.Ordinal);
        Assert.Null(await store.GetKeyAsync(Account, Region, key.KeyId, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task UpdateKey_RowLockedPastCommandTimeout_ThrowsUnavailableAndWritesNothing()
    {
        var key = await CreateKeyAsync();
        await using var otherNode = await _cluster.OpenAsync(_database);
        await using var transaction = await otherNode.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("SELECT 1 FROM keys WHERE key_id = @keyId FOR UPDATE", otherNode, transaction))
        {
            command.Parameters.AddWithValue("keyId", key.KeyId);
            await command.ExecuteNonQueryAsync().WithTimeout();
        }

        await using var store = CreateStore(_database, commandTimeoutSeconds: 1);
        var stopwatch = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(
            () => store.UpdateKeyAsync(key with { Description = "blocked" }, CancellationToken.None).WithTimeout());

        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
        Assert.Contains("in time", ex.Message, StringComparison.Ordinal);
        await transaction.RollbackAsync().WithTimeout();
        Assert.Equal(key, await store.GetKeyAsync(Account, Region, key.KeyId, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task UpdateKey_CancelledWhileWaitingForRowLock_ThrowsOperationCanceledAndWritesNothing()
    {
        var key = await CreateKeyAsync();
        await using var otherNode = await _cluster.OpenAsync(_database);
        await using var transaction = await otherNode.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("SELECT 1 FROM keys WHERE key_id = @keyId FOR UPDATE", otherNode, transaction))
        {
            command.Parameters.AddWithValue("keyId", key.KeyId);
            await command.ExecuteNonQueryAsync().WithTimeout();
        }

        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Store.UpdateKeyAsync(key with { Description = "cancelled" }, cancellation.Token).WithTimeout());

        await transaction.RollbackAsync().WithTimeout();
        Assert.Equal(key, await Store.GetKeyAsync(Account, Region, key.KeyId, CancellationToken.None).WithTimeout());
        Assert.Equal(key.RowVersion + 1, (await Store.UpdateKeyAsync(key, CancellationToken.None).WithTimeout()).RowVersion);
    }

    [Fact]
    public async Task DeleteKey_WithAliases_StampsDeleteHistoryWithTheStoresClock()
    {
        var now = T0.AddDays(40).AddTicks(1234);
        await using var store = CreateStore(_database, new FixedClock(now));
        var key = await CreateKeyAsync(NewKey() with { State = KeyState.PendingDeletion, DeletionDate = T0.AddDays(30), PendingDeletionWindowInDays = 30 });
        await CreateAliasAsync("alias/app", key);

        Assert.True(await store.DeleteKeyAsync(key, CancellationToken.None).WithTimeout());

        var history = await store.GetAliasHistoryAsync(Account, Region, "alias/app", CancellationToken.None).WithTimeout();
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()), history[^1].ChangedAt);
        Assert.Equal(PostgresKeyholdStore.KeyDeletionPrincipal, history[^1].ChangedBy);
    }

    [Fact]
    public async Task AnyOperation_AfterDispose_ThrowsObjectDisposed()
    {
        var store = (PostgresKeyholdStore)Store;
        await store.DisposeAsync().AsTask().WithTimeout();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.GetAccountIdsAsync(CancellationToken.None).WithTimeout());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.AddAccountAsync(Account, T0, CancellationToken.None).WithTimeout());
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("Host=127.0.0.1;NoSuchSetting=1")]
    public void Constructor_MissingOrInvalidConnectionString_ThrowsArgument(string connectionString)
    {
        Assert.ThrowsAny<ArgumentException>(() => new PostgresKeyholdStore(new PostgresStoreOptions { ConnectionString = connectionString }));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

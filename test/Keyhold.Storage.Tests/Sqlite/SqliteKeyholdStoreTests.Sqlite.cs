using Keyhold.Core.Storage;
using Keyhold.Storage.Sqlite;

namespace Keyhold.Storage.Tests.Sqlite;

public sealed partial class SqliteKeyholdStoreTests
{
    [Fact]
    public async Task Open_AnyConnection_RunsInWalWithSynchronousFullForeignKeysAndBusyTimeout()
    {
        var store = (SqliteKeyholdStore)Store;
        await CreateKeyAsync();

        var writer = await store.ReadWriterPragmasAsync(CancellationToken.None).WithTimeout();
        var reader = await store.ReadReaderPragmasAsync(CancellationToken.None).WithTimeout();

        foreach (var pragmas in new[] { writer, reader })
        {
            Assert.Equal("wal", pragmas.JournalMode);
            Assert.Equal(2, pragmas.Synchronous);
            Assert.True(pragmas.ForeignKeys);
            Assert.Equal(5000, pragmas.BusyTimeoutMilliseconds);
        }
    }

    [Fact]
    public async Task Open_DatabaseFile_HeaderRecordsWalFormat()
    {
        await CreateKeyAsync();
        await ((IAsyncDisposable)Store).DisposeAsync().AsTask().WithTimeout();

        var header = new byte[20];
        await using (var file = File.OpenRead(DatabasePath))
        {
            await file.ReadExactlyAsync(header).AsTask().WithTimeout();
        }

        // Bytes 18 and 19 are the write and read format versions: 2 means WAL (sqlite.org/fileformat.html).
        Assert.Equal("SQLite format 3\0"u8.ToArray(), header[..16]);
        Assert.Equal(2, header[18]);
        Assert.Equal(2, header[19]);
    }

    [Fact]
    public async Task Migrate_ManyStoresOnEmptyDatabaseAtOnce_AllSucceedWithOneSchema()
    {
        var path = Path.Combine(_directory, "empty.db");
        var stores = Enumerable.Range(0, 6).Select(_ => CreateStore(path)).ToList();
        try
        {
            await Task.WhenAll(stores.Select(s => Task.Run(() => s.MigrateAsync(CancellationToken.None)))).WithTimeout();

            var key = NewKey();
            await stores[0].CreateKeyAsync(key, NewMaterial(key.KeyId), [], CancellationToken.None).WithTimeout();
            Assert.Equal(key, await stores[^1].GetKeyAsync(Account, Region, key.KeyId, CancellationToken.None).WithTimeout());
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync().AsTask().WithTimeout();
            }
        }
    }

    [Fact]
    public async Task Migrate_DirectoryMissing_ThrowsUnavailableWithPath()
    {
        var path = Path.Combine(_directory, "missing", "keyhold.db");
        await using var store = CreateStore(path);

        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.MigrateAsync(CancellationToken.None).WithTimeout());

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetDomainKeys_NoDatabaseFile_ThrowsUnavailableAndCreatesNoFile()
    {
        var path = Path.Combine(_directory, "absent.db");
        await using var store = CreateStore(path);

        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.GetDomainKeysAsync(CancellationToken.None).WithTimeout());

        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task GetDomainKeys_DatabaseNotMigrated_ThrowsUnavailableNamingMigrate()
    {
        var path = Path.Combine(_directory, "unmigrated.db");
        await using var store = CreateStore(path);
        await store.ReadWriterPragmasAsync(CancellationToken.None).WithTimeout();

        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.GetDomainKeysAsync(CancellationToken.None).WithTimeout());

        Assert.Contains("MigrateAsync", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateKey_DiskFull_ThrowsUnavailableRollsBackAndStoreStaysUsable()
    {
        var store = (SqliteKeyholdStore)Store;
        await CreateKeyAsync();

        // max_page_count cannot go below the current size, so 1 means "no more pages": the next growth is SQLITE_FULL.
        await store.RunOnWriterAsync("PRAGMA max_page_count = 1", CancellationToken.None).WithTimeout();
        var big = NewKey();
        var material = NewMaterial(big.KeyId) with { WrappedMaterial = new byte[256 * 1024] };
        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(
            () => store.CreateKeyAsync(big, material, [], CancellationToken.None).WithTimeout());
        await store.RunOnWriterAsync("PRAGMA max_page_count = 1073741823", CancellationToken.None).WithTimeout();

        Assert.Contains("disk is full", ex.Message, StringComparison.Ordinal);
        Assert.Null(await store.GetKeyAsync(Account, Region, big.KeyId, CancellationToken.None).WithTimeout());
        Assert.Empty(await store.GetKeyMaterialsAsync(big.KeyId, CancellationToken.None).WithTimeout());
        var next = await CreateKeyAsync();
        Assert.Equal(next, await store.GetKeyAsync(Account, Region, next.KeyId, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public void Migrations_Versions_AreContiguousFromOneAndNonEmpty()
    {
        Assert.Equal(Enumerable.Range(1, SqliteMigrations.All.Count), SqliteMigrations.All.Select(m => m.Version));
        Assert.All(SqliteMigrations.All, m => Assert.NotEmpty(m.Statements));
        Assert.Equal(SqliteMigrations.All.Count, SqliteMigrations.Latest);
    }

    [Theory]
    [InlineData(":memory:")]
    [InlineData("file::memory:?cache=shared")]
    [InlineData("")]
    public void Constructor_NoDatabaseFile_ThrowsArgument(string path)
    {
        Assert.ThrowsAny<ArgumentException>(() => new SqliteKeyholdStore(new SqliteStoreOptions { DatabasePath = path }));
    }

    [Fact]
    public async Task AnyOperation_AfterDispose_ThrowsObjectDisposed()
    {
        var store = (SqliteKeyholdStore)Store;
        await store.DisposeAsync().AsTask().WithTimeout();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.GetAccountIdsAsync(CancellationToken.None).WithTimeout());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.AddAccountAsync(Account, T0, CancellationToken.None).WithTimeout());
    }
}

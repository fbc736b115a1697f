using System.Security.Cryptography;
using Keyhold.Core.Accounts;
using Keyhold.Core.Aliases;
using Keyhold.Core.Keys;
using Keyhold.Core.Protection;
using Keyhold.Core.Usage;
using Keyhold.Storage.Migration;
using Keyhold.Storage.Postgres;
using Keyhold.Storage.Sqlite;
using Keyhold.Storage.Tests.Postgres;
using Npgsql;

namespace Keyhold.Storage.Tests.Migration;

/// <summary>
/// <see cref="StoreMigrator"/> from a SQLite store filled through its own API into a fresh database of the shared
/// throwaway PostgreSQL cluster: every table copied exactly, a non-empty target refused untouched, a failure leaving
/// no rows behind, and the source never written.
/// </summary>
[Collection(SharedPostgresCluster.Name)]
public sealed class StoreMigratorTests(PostgresCluster cluster) : IAsyncLifetime
{
    private const string Account = "111122223333";
    private const string Region = "us-east-1";
    private const string Alice = "arn:aws:iam::111122223333:user/alice";

    /// <summary>The tables of schema version 2; every one gets rows, so none is compared empty.</summary>
    private static readonly string[] SeededTables =
        ["accounts", "access_keys", "domain_keys", "keys", "key_materials", "key_tags", "aliases", "alias_history", "key_usage", "material_usage"];

    private static readonly DateTimeOffset T0 = new(2025, 3, 14, 15, 9, 26, 535, TimeSpan.Zero);

    private readonly string _directory = Directory.CreateTempSubdirectory("keyhold-migrate-").FullName;
    private readonly string _database = cluster.RentDatabase();

    private string SourcePath => Path.Combine(_directory, "keyhold.db");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        cluster.ReturnDatabase(_database);
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task MigrateAsync_PopulatedSource_CopiesEveryTableRowForRowInForeignKeyOrder()
    {
        await SeedSourceAsync();

        // The data directory, as an operator gives it; the migrator finds keyhold.db in it.
        var result = await Migrator(_directory).MigrateAsync(CancellationToken.None).WithTimeout();

        await using var sqlite = await TableContents.OpenSqliteAsync(SourcePath);
        await using var postgres = await cluster.OpenAsync(_database);
        var tables = await TableContents.SqliteTablesAsync(sqlite);
        Assert.Equal(SqliteMigrations.Latest, result.SchemaVersion);
        Assert.Equal(tables.Keys.Order(StringComparer.Ordinal), result.Tables.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.Subset(tables.Keys.ToHashSet(), SeededTables.ToHashSet());
        foreach (var (table, columns) in tables)
        {
            var source = await TableContents.RowsAsync(sqlite, table, columns);
            if (SeededTables.Contains(table))
            {
                Assert.True(source.Count > 0, $"The test seeds no rows into {table}.");
            }

            Assert.Equal(source.Count, result.Tables.Single(t => t.Name == table).Rows);
            Assert.Equal(source, await TableContents.RowsAsync(postgres, table, columns));
            var position = result.Tables.ToList().FindIndex(t => t.Name == table);
            foreach (var referenced in await TableContents.SqliteReferencesAsync(sqlite, table))
            {
                Assert.True(result.Tables.ToList().FindIndex(t => t.Name == referenced) < position, $"{table} was copied before {referenced}, which it references.");
            }
        }

        Assert.Equal(result.Tables.Sum(t => t.Rows), result.TotalRows);
    }

    [Fact]
    public async Task MigrateAsync_ThenPostgresStore_ServesTheDataAndContinuesAliasHistoryAfterTheCopiedSequence()
    {
        var keyId = await SeedSourceAsync();
        await Migrator(SourcePath).MigrateAsync(CancellationToken.None).WithTimeout();

        await using var store = PostgresStore();
        var key = await store.GetKeyAsync(Account, Region, keyId, CancellationToken.None).WithTimeout();
        Assert.NotNull(key);
        Assert.Equal(2, key.CurrentMaterialVersion);
        Assert.Equal(2, (await store.GetKeyMaterialsAsync(keyId, CancellationToken.None).WithTimeout()).Count);
        var before = await store.GetAliasHistoryAsync(Account, Region, "alias/application-current", CancellationToken.None).WithTimeout();
        Assert.Equal(["Create", "Update"], before.Select(c => c.Change));

        await store.DeleteAliasAsync(Account, Region, "alias/application-current", T0.AddHours(1), Alice, CancellationToken.None).WithTimeout();

        var after = await store.GetAliasHistoryAsync(Account, Region, "alias/application-current", CancellationToken.None).WithTimeout();
        Assert.Equal(["Create", "Update", "Delete"], after.Select(c => c.Change));
        Assert.True(after[2].Sequence > before.Max(c => c.Sequence), "The identity generator was not advanced past the copied sequences.");
    }

    [Fact]
    public async Task MigrateAsync_SqliteAutoIncrementAheadOfRows_TargetNeverReusesANumber()
    {
        await SeedSourceAsync();
        await using (var raw = await TableContents.OpenSqliteAsync(SourcePath))
        {
            // As if the newest history rows had been deleted: AUTOINCREMENT remembers 1000 was handed out.
            await using var command = raw.CreateCommand();
            command.CommandText = "UPDATE sqlite_sequence SET seq = 1000 WHERE name = 'alias_history'";
            Assert.Equal(1, await command.ExecuteNonQueryAsync().WithTimeout());
        }

        await Migrator(SourcePath).MigrateAsync(CancellationToken.None).WithTimeout();

        await using var store = PostgresStore();
        await store.DeleteAliasAsync(Account, Region, "alias/application-current", T0.AddHours(1), Alice, CancellationToken.None).WithTimeout();
        var history = await store.GetAliasHistoryAsync(Account, Region, "alias/application-current", CancellationToken.None).WithTimeout();
        Assert.Equal(1001, history[^1].Sequence);
    }

    [Fact]
    public async Task MigrateAsync_TargetHoldsKeyholdData_RefusesAndWritesNothing()
    {
        await SeedSourceAsync();
        await using (var other = PostgresStore())
        {
            await other.MigrateAsync(CancellationToken.None).WithTimeout();
            await other.AddDomainKeyAsync(new DomainKeyRecord(1, RandomNumberGenerator.GetBytes(60), "other-root", T0), CancellationToken.None).WithTimeout();
            await other.AddAccountAsync("999988887777", T0, CancellationToken.None).WithTimeout();
        }

        var tables = await SourceTableNamesAsync();
        var before = await TargetCountsAsync(tables);

        var error = await Assert.ThrowsAsync<StoreMigrationException>(() => Migrator(SourcePath).MigrateAsync(CancellationToken.None)).WithTimeout();

        Assert.Contains("already holds Keyhold data", error.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was written", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await TargetCountsAsync(tables));
        Assert.Equal(1, before["domain_keys"]);
    }

    [Fact]
    public async Task MigrateAsync_TargetWithRowsButNoDomainKeys_RefusesAndCopiesNothing()
    {
        await SeedSourceAsync();
        await using (var other = PostgresStore())
        {
            await other.MigrateAsync(CancellationToken.None).WithTimeout();
            await other.AddAccountAsync("999988887777", T0, CancellationToken.None).WithTimeout();
        }

        var error = await Assert.ThrowsAsync<StoreMigrationException>(() => Migrator(SourcePath).MigrateAsync(CancellationToken.None)).WithTimeout();

        Assert.Contains("Table accounts", error.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was copied", error.Message, StringComparison.Ordinal);
        var counts = await TargetCountsAsync(await SourceTableNamesAsync());
        Assert.Equal(1, counts["accounts"]);
        Assert.All(counts.Where(c => c.Key != "accounts"), c => Assert.Equal(0, c.Value));
    }

    [Fact]
    public async Task MigrateAsync_FailureInALaterTable_RollsBackEveryTable()
    {
        await SeedSourceAsync();
        await using (var raw = await TableContents.OpenSqliteAsync(SourcePath))
        {
            // A tag of a key that does not exist (foreign keys turned off to write it): the copy of key_tags fails
            // after accounts, keys and key_materials went in.
            await using var command = raw.CreateCommand();
            command.CommandText = "PRAGMA foreign_keys = OFF; INSERT INTO key_tags (key_id, tag_key, tag_value) VALUES ('no-such-key', 'k', 'v')";
            await command.ExecuteNonQueryAsync().WithTimeout();
        }

        var error = await Assert.ThrowsAsync<StoreMigrationException>(() => Migrator(SourcePath).MigrateAsync(CancellationToken.None)).WithTimeout();

        Assert.Contains("key_tags", error.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was copied", error.Message, StringComparison.Ordinal);
        var counts = await TargetCountsAsync(await SourceTableNamesAsync());
        Assert.All(counts, c => Assert.Equal(0, c.Value));

        // The schema stays, empty: the target is not "holding data", so a fixed source can be migrated again.
        await using var store = PostgresStore();
        Assert.False(await store.HasDataAsync(CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task MigrateAsync_Source_IsNotModified()
    {
        await SeedSourceAsync();
        Assert.Equal([SourcePath], Directory.GetFiles(_directory));
        var hash = SHA256.HashData(await File.ReadAllBytesAsync(SourcePath).WithTimeout());

        await Migrator(SourcePath).MigrateAsync(CancellationToken.None).WithTimeout();

        Assert.Equal(hash, SHA256.HashData(await File.ReadAllBytesAsync(SourcePath).WithTimeout()));

        // A read-only connection to a WAL database creates the -wal and -shm files a running server has anyway, and
        // cannot remove them when it closes; the log stays empty: nothing was written.
        Assert.Subset(new HashSet<string> { SourcePath, SourcePath + "-wal", SourcePath + "-shm" }, Directory.GetFiles(_directory).ToHashSet());
        Assert.True(!File.Exists(SourcePath + "-wal") || new FileInfo(SourcePath + "-wal").Length == 0, "The migration wrote to the source's WAL.");
    }

    [Fact]
    public async Task MigrateAsync_LiveSourceBeingWritten_CopiesOneConsistentSnapshot()
    {
        await SeedSourceAsync();
        await using var live = new SqliteKeyholdStore(new SqliteStoreOptions { DatabasePath = SourcePath });
        using var stop = new CancellationTokenSource();
        var created = 0;
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var key = NewKey() with { Description = "live" };
                await live.CreateKeyAsync(key, NewMaterial(key.KeyId, 1), [new KeyTag("n", "v")], CancellationToken.None);
                Interlocked.Increment(ref created);
            }
        });
        var deadline = DateTime.UtcNow + TimeoutExtensions.Timeout;
        while (Volatile.Read(ref created) < 5 && !writer.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10).WithTimeout();
        }

        Assert.False(writer.IsCompleted, "The writer stopped before the migration started.");

        var result = await Migrator(SourcePath).MigrateAsync(CancellationToken.None).WithTimeout();
        await stop.CancelAsync().WithTimeout();
        await writer.WithTimeout();

        // Every key in the copy came with its material and tag: all tables were read from the same commit.
        var keys = result.Tables.Single(t => t.Name == "keys").Rows;
        Assert.InRange(keys, 1 + 5, 1 + Volatile.Read(ref created));
        await using var postgres = await cluster.OpenAsync(_database);
        await using var orphans = new NpgsqlCommand(
            """
            SELECT count(*) FROM keys k
            WHERE NOT EXISTS (SELECT 1 FROM key_materials m WHERE m.key_id = k.key_id)
               OR (k.description = 'live' AND NOT EXISTS (SELECT 1 FROM key_tags t WHERE t.key_id = k.key_id))
            """,
            postgres);
        Assert.Equal(0L, await orphans.ExecuteScalarAsync().WithTimeout());
    }

    [Fact]
    public async Task MigrateAsync_SourceAtOlderSchemaVersion_RefusesWithUpgradeAdviceAndWritesNothing()
    {
        await using (var old = new SqliteKeyholdStore(new SqliteStoreOptions { DatabasePath = SourcePath }))
        {
            await old.MigrateAsync(1, CancellationToken.None).WithTimeout();
        }

        var error = await Assert.ThrowsAsync<StoreMigrationException>(() => Migrator(_directory).MigrateAsync(CancellationToken.None)).WithTimeout();

        Assert.Contains("schema version 1", error.Message, StringComparison.Ordinal);
        Assert.Contains($"schema version {SqliteMigrations.Latest} only", error.Message, StringComparison.Ordinal);
        Assert.Contains("keyhold serve --data", error.Message, StringComparison.Ordinal);
        Assert.Equal(-1, (await TargetCountsAsync(["schema_version"]))["schema_version"]);
    }

    [Fact]
    public async Task MigrateAsync_NoDatabaseAtPath_RefusesAndWritesNothing()
    {
        var error = await Assert.ThrowsAsync<StoreMigrationException>(() => Migrator(_directory).MigrateAsync(CancellationToken.None)).WithTimeout();

        Assert.Contains($"There is no Keyhold database at {SourcePath}", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(SourcePath));
        Assert.Equal(-1, (await TargetCountsAsync(["schema_version"]))["schema_version"]);
    }

    [Fact]
    public async Task MigrateAsync_UnreachableTarget_ReportsTheServerButNeverThePassword()
    {
        await SeedSourceAsync();
        var unreachable = new NpgsqlConnectionStringBuilder(cluster.ConnectionString(_database)) { Port = 1, Timeout = 2 }.ConnectionString;
        var migrator = new StoreMigrator(new StoreMigratorOptions { SqlitePath = SourcePath, PostgresConnectionString = unreachable });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => migrator.MigrateAsync(CancellationToken.None)).WithTimeout();

        Assert.Contains("127.0.0.1:1/", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(PostgresCluster.Password, error.ToString(), StringComparison.Ordinal);
    }

    private StoreMigrator Migrator(string sqlitePath) =>
        new(new StoreMigratorOptions { SqlitePath = sqlitePath, PostgresConnectionString = cluster.ConnectionString(_database) });

    private PostgresKeyholdStore PostgresStore() => new(new PostgresStoreOptions { ConnectionString = cluster.ConnectionString(_database) });

    /// <summary>
    /// Fills every table of the source through the store's API, as a server would: a domain key, an account with an
    /// access key, a rotated key with tags, an alias that was repointed (history), a deleted alias, and usage.
    /// Returns the rotated key's id.
    /// </summary>
    private async Task<string> SeedSourceAsync()
    {
        await using var store = new SqliteKeyholdStore(new SqliteStoreOptions { DatabasePath = SourcePath });
        await store.MigrateAsync(CancellationToken.None).WithTimeout();
        var ct = CancellationToken.None;
        await store.AddDomainKeyAsync(new DomainKeyRecord(1, RandomNumberGenerator.GetBytes(60), "root-fingerprint", T0), ct).WithTimeout();
        await store.AddAccountAsync(Account, T0, ct).WithTimeout();
        await store.AddAccessKeyAsync(
            new AccessKeyRecord { AccessKeyId = "AKIAEXAMPLE000000001", AccountId = Account, WrappedSecret = RandomNumberGenerator.GetBytes(56), Active = true, CreatedAt = T0 },
            ct).WithTimeout();
        await store.AddAccessKeyAsync(
            new AccessKeyRecord { AccessKeyId = "AKIAEXAMPLE000000002", AccountId = Account, UserName = "alice", WrappedSecret = RandomNumberGenerator.GetBytes(56), Active = false, CreatedAt = T0 },
            ct).WithTimeout();

        var key = NewKey() with { RotationPeriodInDays = 90, NextRotationDate = T0.AddDays(90) };
        var other = NewKey();
        await store.CreateKeyAsync(key, NewMaterial(key.KeyId, 1), [new KeyTag("team", "payments"), new KeyTag("env", "prod")], ct).WithTimeout();
        await store.CreateKeyAsync(other, NewMaterial(other.KeyId, 1), [], ct).WithTimeout();
        var stored = await store.GetKeyAsync(Account, Region, key.KeyId, ct).WithTimeout();
        await store.AddKeyMaterialAsync(
            stored! with { CurrentMaterialVersion = 2, NextRotationDate = T0.AddDays(180) },
            NewMaterial(key.KeyId, 2) with { RotationType = "AUTOMATIC" },
            ct).WithTimeout();

        await store.CreateAliasAsync(Alias("alias/application-current", other), Alice, ct).WithTimeout();
        await store.UpdateAliasAsync(Account, Region, "alias/application-current", key.KeyId, T0.AddMinutes(5), Alice, other.KeyId, ct).WithTimeout();
        await store.CreateAliasAsync(Alias("alias/short-lived", other), Alice, ct).WithTimeout();
        await store.DeleteAliasAsync(Account, Region, "alias/short-lived", T0.AddMinutes(6), Alice, ct).WithTimeout();
        await store.CreateAliasAsync(Alias("alias/application-before-rotation", other), Alice, ct).WithTimeout();

        await store.RecordUsageAsync(
            [
                new KeyUsageDelta(key.KeyId, "Encrypt", T0.AddMinutes(7), "request-1", null, 3),
                new KeyUsageDelta(key.KeyId, "Decrypt", T0.AddMinutes(8), "request-2", 1, 2),
                new KeyUsageDelta(key.KeyId, "Decrypt", T0.AddMinutes(9), "request-3", 2, 5),
            ],
            ct).WithTimeout();
        return key.KeyId;
    }

    private async Task<List<string>> SourceTableNamesAsync()
    {
        await using var sqlite = await TableContents.OpenSqliteAsync(SourcePath);
        return [.. (await TableContents.SqliteTablesAsync(sqlite)).Keys];
    }

    private async Task<Dictionary<string, long>> TargetCountsAsync(IEnumerable<string> tables)
    {
        await using var postgres = await cluster.OpenAsync(_database);
        return await TableContents.PostgresCountsAsync(postgres, tables);
    }

    private static KeyRecord NewKey() => new()
    {
        AccountId = Account,
        Region = Region,
        KeyId = Guid.NewGuid().ToString(),
        Description = "payments — clé 🔑",
        KeySpec = "SYMMETRIC_DEFAULT",
        KeyUsage = "ENCRYPT_DECRYPT",
        State = KeyState.Enabled,
        CreationDate = T0,
        Policy = """{"Version":"2012-10-17","Statement":[]}""",
        CurrentMaterialVersion = 1,
    };

    private static KeyMaterialRecord NewMaterial(string keyId, int version) => new()
    {
        KeyId = keyId,
        Version = version,
        MaterialId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
        WrappedMaterial = RandomNumberGenerator.GetBytes(60),
        CreatedAt = T0.AddMinutes(version),
    };

    private static AliasRecord Alias(string name, KeyRecord target) => new()
    {
        AccountId = Account,
        Region = Region,
        AliasName = name,
        TargetKeyId = target.KeyId,
        CreationDate = T0,
        LastUpdatedDate = T0,
    };
}

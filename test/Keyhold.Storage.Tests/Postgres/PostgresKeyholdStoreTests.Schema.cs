using Keyhold.Core.Keys;
using Keyhold.Core.Storage;
using Keyhold.Storage.Postgres;
using Keyhold.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Keyhold.Storage.Tests.Postgres;

public sealed partial class PostgresKeyholdStoreTests
{
    [Fact]
    public async Task Migrate_ManyStoresOnEmptyDatabaseAtOnce_AllSucceedWithOneSchema()
    {
        var database = CreateOtherDatabase();
        var stores = Enumerable.Range(0, 6).Select(_ => CreateStore(database)).ToList();
        try
        {
            await Task.WhenAll(stores.Select(s => Task.Run(() => s.MigrateAsync(CancellationToken.None)))).WithTimeout();

            // Each version was applied exactly once, by one of the nodes.
            Assert.Equal((long)PostgresMigrations.Latest, await ScalarAsync(database, "SELECT COUNT(*) FROM schema_version"));
            Assert.Equal(PostgresMigrations.Latest, await ReadSchemaVersionAsync(database));
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
    public async Task Migrate_WhileAnotherNodeHoldsTheMigrationLock_WaitsForItThenMigrates()
    {
        var database = CreateOtherDatabase();
        await using var otherNode = await _cluster.OpenAsync(database);
        await using (var command = new Npgsql.NpgsqlCommand($"SELECT pg_advisory_lock({PostgresKeyholdStore.MigrationLockKey})", otherNode))
        {
            await command.ExecuteNonQueryAsync().WithTimeout();
        }

        await using var store = CreateStore(database);
        var migration = store.MigrateAsync(CancellationToken.None);
        await WaitUntilAsync(async () => (long)(await ScalarAsync(database, "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"))! == 1);

        Assert.False(migration.IsCompleted);
        Assert.Null(await ScalarAsync(database, "SELECT to_regclass('schema_version')::text"));
        await using (var command = new Npgsql.NpgsqlCommand($"SELECT pg_advisory_unlock({PostgresKeyholdStore.MigrationLockKey})", otherNode))
        {
            await command.ExecuteNonQueryAsync().WithTimeout();
        }

        await migration.WithTimeout();
        Assert.Equal(PostgresMigrations.Latest, await ReadSchemaVersionAsync(database));
    }

    [Fact]
    public async Task Migrate_DatabaseNotUtf8_ThrowsUnavailableNamingEncodingAndCreatesNothing()
    {
        var database = CreateOtherDatabase("ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0");
        await using var store = CreateStore(database);

        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.MigrateAsync(CancellationToken.None).WithTimeout());

        Assert.Contains("UTF8", ex.Message, StringComparison.Ordinal);
        Assert.Null(await ScalarAsync(database, "SELECT to_regclass('schema_version')::text"));
    }

    [Fact]
    public async Task Migrate_Version1Database_UpgradesInPlaceKeepingEveryRow()
    {
        var database = CreateOtherDatabase();
        var key = NewKey() with { State = KeyState.Disabled, RowVersion = 3 };
        await using (var release1 = CreateStore(database))
        {
            await release1.MigrateAsync(1, CancellationToken.None).WithTimeout();
        }

        // The rows as release 1 wrote them: no rotation columns, no history, no usage.
        await ExecuteAsync(
            database,
            "INSERT INTO keys (key_id, account_id, region, description, key_spec, key_usage, origin, key_manager, state, creation_date, " +
            "deletion_date, pending_deletion_window_in_days, policy, current_material_version, row_version) VALUES " +
            $"('{key.KeyId}', '{Account}', '{Region}', 'old', 'SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT', 'AWS_KMS', 'CUSTOMER', 'Disabled', " +
            $"{T0.ToUnixTimeMilliseconds()}, NULL, NULL, '{{}}', 1, 3); " +
            $"INSERT INTO key_materials (key_id, version, material_id, wrapped, created_at) VALUES ('{key.KeyId}', 1, 'm1', '\\x0102', 0); " +
            $"INSERT INTO aliases VALUES ('{Account}', '{Region}', 'alias/app', '{key.KeyId}', 0, 0)");
        Assert.Equal(1, await ReadSchemaVersionAsync(database));

        await using var store = CreateStore(database);
        await store.MigrateAsync(CancellationToken.None).WithTimeout();

        Assert.Equal(PostgresMigrations.Latest, await ReadSchemaVersionAsync(database));
        Assert.Equal(key with { Description = "old", Policy = "{}" }, await store.GetKeyAsync(Account, Region, key.KeyId, CancellationToken.None).WithTimeout());
        var material = Assert.Single(await store.GetKeyMaterialsAsync(key.KeyId, CancellationToken.None).WithTimeout());
        Assert.Equal([1, 2], material.WrappedMaterial);
        Assert.Null(material.RotationType);
        Assert.Empty(await store.GetAliasHistoryAsync(Account, Region, "alias/app", CancellationToken.None).WithTimeout());
        await store.RecordUsageAsync([new(key.KeyId, "Decrypt", T0, "r1", 1, 1)], CancellationToken.None).WithTimeout();
        Assert.True(await store.DeleteKeyAsync(key, CancellationToken.None).WithTimeout());
        Assert.Equal(["Delete"], (await store.GetAliasHistoryAsync(Account, Region, "alias/app", CancellationToken.None).WithTimeout()).Select(h => h.Change));
    }

    [Fact]
    public async Task Migrate_Version2Database_UpgradesInPlaceAndOldRowsWorkWithVersion3()
    {
        var database = CreateOtherDatabase();
        var key = NewKey() with { RotationPeriodInDays = 90, NextRotationDate = T0.AddDays(90) };
        var aliceKey = NewAccessKey("AKIARELEASE200000001", "alice");
        await using (var release2 = CreateStore(database))
        {
            // Release 2's store wrote these tables exactly as this one does.
            await release2.MigrateAsync(2, CancellationToken.None).WithTimeout();
            await release2.AddAccessKeyAsync(aliceKey, CancellationToken.None).WithTimeout();
            await release2.CreateKeyAsync(key, NewMaterial(key.KeyId), [], CancellationToken.None).WithTimeout();
            await release2.CreateAliasAsync(NewAlias("alias/app", key), Alice, CancellationToken.None).WithTimeout();
            await release2.RecordUsageAsync([new(key.KeyId, "Decrypt", T0, "r1", 1, 1)], CancellationToken.None).WithTimeout();
        }

        Assert.Equal(2, await ReadSchemaVersionAsync(database));

        await using var store = CreateStore(database);
        await store.MigrateAsync(CancellationToken.None).WithTimeout();

        Assert.Equal(PostgresMigrations.Latest, await ReadSchemaVersionAsync(database));
        Assert.Equal(key, await store.GetKeyAsync(Account, Region, key.KeyId, CancellationToken.None).WithTimeout());
        Assert.NotNull(await store.GetKeyUsageAsync(key.KeyId, CancellationToken.None).WithTimeout());
        Assert.Empty(await store.ListUsersAsync(Account, CancellationToken.None).WithTimeout());
        Assert.Empty(await store.ReadAuditChainAsync(0, 10, CancellationToken.None).WithTimeout());
        await store.AddUserAsync(new() { AccountId = Account, UserName = "alice", UserId = "AIDAALICE", CreatedAt = T0 }, CancellationToken.None).WithTimeout();
        Assert.True(await store.DeleteUserAsync(Account, "alice", CancellationToken.None).WithTimeout());
        Assert.Null(await store.GetAccessKeyAsync(aliceKey.AccessKeyId, CancellationToken.None).WithTimeout());
        var grant = NewGrant(key, "upgrade");
        await store.CreateGrantAsync(grant, CancellationToken.None).WithTimeout();
        Assert.Equal(1, Assert.Single(await store.AppendAuditEventsAsync([NewEvent("Encrypt")], Hasher, CancellationToken.None).WithTimeout()).Sequence);
        Assert.True(await store.DeleteKeyAsync(key, CancellationToken.None).WithTimeout());
        Assert.Null(await store.GetGrantByTokenAsync(grant.GrantToken, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task Migrations_EveryVersion_HasSqlitesTablesColumnsNullabilityAndIndexes()
    {
        Assert.Equal(SqliteMigrations.All.Select(m => (m.Version, m.Description)), PostgresMigrations.All.Select(m => (m.Version, m.Description)));
        var directory = Directory.CreateTempSubdirectory("keyhold-schema-").FullName;
        try
        {
            var sqlitePath = Path.Combine(directory, "keyhold.db");
            await using (var sqlite = new SqliteKeyholdStore(new SqliteStoreOptions { DatabasePath = sqlitePath }))
            {
                await sqlite.MigrateAsync(CancellationToken.None).WithTimeout();
            }

            var sqliteSchema = await ReadSqliteSchemaAsync(sqlitePath);
            var postgresSchema = await ReadPostgresSchemaAsync(_database);

            Assert.Equal(sqliteSchema.Columns, postgresSchema.Columns);
            Assert.Equal(sqliteSchema.Indexes, postgresSchema.Indexes);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task ListKeysAndAliases_DatabaseWithLinguisticDefaultCollation_PageInByteOrderAsInSqlite()
    {
        // Under ICU en-US, "alias/a" < "alias/B" < "alias/Z"; in byte order (SQLite, and COLLATE "C") uppercase comes first.
        var database = CreateOtherDatabase("LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C' TEMPLATE template0");
        await using var store = CreateStore(database);
        await store.MigrateAsync(CancellationToken.None).WithTimeout();
        var names = new[] { "alias/a", "alias/B", "alias/_x", "alias/Z" };
        var keyIds = new[] { "k-a", "k-B", "k-_x", "k-Z" };
        foreach (var (name, keyId) in names.Zip(keyIds))
        {
            var key = NewKey(keyId);
            await store.CreateKeyAsync(key, NewMaterial(keyId), [new KeyTag(name, "v")], CancellationToken.None).WithTimeout();
            await store.CreateAliasAsync(NewAlias(name, key), Alice, CancellationToken.None).WithTimeout();
        }

        var firstAliases = await store.ListAliasesAsync(Account, Region, null, null, 2, CancellationToken.None).WithTimeout();
        var restAliases = await store.ListAliasesAsync(Account, Region, null, firstAliases[^1].AliasName, 10, CancellationToken.None).WithTimeout();
        var firstKeys = await store.ListKeysAsync(Account, Region, null, 2, CancellationToken.None).WithTimeout();
        var restKeys = await store.ListKeysAsync(Account, Region, firstKeys[^1].KeyId, 10, CancellationToken.None).WithTimeout();

        Assert.Equal(names.Order(StringComparer.Ordinal), firstAliases.Concat(restAliases).Select(a => a.AliasName));
        Assert.Equal(keyIds.Order(StringComparer.Ordinal), firstKeys.Concat(restKeys).Select(k => k.KeyId));
        Assert.Equal(["alias/B", "alias/Z", "alias/_x", "alias/a"], names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Migrations_Versions_AreContiguousFromOneAndNonEmpty()
    {
        Assert.Equal(Enumerable.Range(1, PostgresMigrations.All.Count), PostgresMigrations.All.Select(m => m.Version));
        Assert.All(PostgresMigrations.All, m => Assert.NotEmpty(m.Statements));
        Assert.Equal(PostgresMigrations.All.Count, PostgresMigrations.Latest);
    }

    /// <summary>Polls <paramref name="condition"/> (state outside this process, so there is no event to await) until it holds.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(TimeoutExtensions.Timeout);
        while (!await condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
        }
    }

    /// <summary>(table, column, type family, nullable) and index names, with SQLite's types mapped onto PostgreSQL's.</summary>
    private static async Task<(List<string> Columns, List<string> Indexes)> ReadSqliteSchemaAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync().WithTimeout();
        await using var columns = connection.CreateCommand();
        columns.CommandText =
            "SELECT m.name || '.' || p.name || ' ' || " +
            "CASE p.type WHEN 'TEXT' THEN 'text' WHEN 'BLOB' THEN 'bytea' ELSE 'integer' END || ' ' || " +
            "CASE WHEN p.\"notnull\" = 1 OR p.pk > 0 THEN 'NOT NULL' ELSE 'NULL' END " +
            "FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'";
        await using var indexes = connection.CreateCommand();
        indexes.CommandText = "SELECT tbl_name || '.' || name FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix_%'";
        return (await ReadSortedAsync(columns), await ReadSortedAsync(indexes));
    }

    private async Task<(List<string> Columns, List<string> Indexes)> ReadPostgresSchemaAsync(string database)
    {
        await using var connection = await _cluster.OpenAsync(database);
        await using var columns = new Npgsql.NpgsqlCommand(
            "SELECT table_name || '.' || column_name || ' ' || " +
            "CASE data_type WHEN 'text' THEN 'text' WHEN 'bytea' THEN 'bytea' WHEN 'integer' THEN 'integer' WHEN 'bigint' THEN 'integer' " +
            "WHEN 'boolean' THEN 'integer' ELSE data_type END || ' ' || " +
            "CASE is_nullable WHEN 'NO' THEN 'NOT NULL' ELSE 'NULL' END " +
            "FROM information_schema.columns WHERE table_schema = current_schema()",
            connection);
        await using var indexes = new Npgsql.NpgsqlCommand(
            "SELECT tablename || '.' || indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname LIKE 'ix\\_%'", connection);
        return (await ReadSortedAsync(columns), await ReadSortedAsync(indexes));
    }

    private static async Task<List<string>> ReadSortedAsync(System.Data.Common.DbCommand command)
    {
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync().WithTimeout();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Keyhold.Core.Aliases;
using Keyhold.Core.Keys;
using Keyhold.Core.Protection;
using Keyhold.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Keyhold.Storage.Tests.Sqlite;

public sealed partial class SqliteKeyholdStoreTests
{
    /// <summary>SHA-256 of migration 1 as released; a different value means someone edited a released migration.</summary>
    private const string ReleasedMigration1Sha256 = "ab3169d373273cb73197411f04dca9a454df0ea79ee7e1af27589b6fb339198e";

    /// <summary>SHA-256 of migration 2 as released.</summary>
    private const string ReleasedMigration2Sha256 = "5a30cfb2bd15a24cb376b608a2d0390fc012e99b4cded6ab77d6a84054980ac4";

    [Theory]
    [InlineData(1, ReleasedMigration1Sha256)]
    [InlineData(2, ReleasedMigration2Sha256)]
    public void Migrations_ReleasedVersion_IsUnchanged(int version, string sha256)
    {
        // Line endings normalized: a checkout with CRLF changes the raw string literals, not the migration.
        var text = string.Join("\n;\n", SqliteMigrations.All[version - 1].Statements).ReplaceLineEndings("\n");

        Assert.Equal(sha256, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))));
    }

    [Fact]
    public async Task Migrate_Version1DatabaseWithKeysAndAliases_UpgradesInPlaceKeepingEveryRow()
    {
        var path = Path.Combine(_directory, "release1.db");
        var key = NewKey() with { State = KeyState.PendingDeletion, DeletionDate = T0.AddDays(7), PendingDeletionWindowInDays = 7, RowVersion = 3 };
        var material = NewMaterial(key.KeyId);
        var alias = NewAlias("alias/app", key);
        await using (var release1 = CreateStore(path))
        {
            await release1.MigrateAsync(1, CancellationToken.None).WithTimeout();
            await release1.AddAccountAsync(Account, T0, CancellationToken.None).WithTimeout();
            await release1.AddDomainKeyAsync(new DomainKeyRecord(1, [7, 7], "sha256:dddd", T0), CancellationToken.None).WithTimeout();
        }

        await WriteAsRelease1Async(path, key, material, alias);
        Assert.Equal(1, await ReadSchemaVersionAsync(path));

        await using var store = CreateStore(path);
        await store.MigrateAsync(CancellationToken.None).WithTimeout();

        Assert.Equal(SqliteMigrations.Latest, await ReadSchemaVersionAsync(path));
        Assert.Equal(key, await store.GetKeyAsync(Account, Region, key.KeyId, CancellationToken.None).WithTimeout());
        var storedMaterial = Assert.Single(await store.GetKeyMaterialsAsync(key.KeyId, CancellationToken.None).WithTimeout());
        Assert.Equal(material with { WrappedMaterial = storedMaterial.WrappedMaterial }, storedMaterial);
        Assert.Equal(material.WrappedMaterial, storedMaterial.WrappedMaterial);
        Assert.Equal([new KeyTag("env", "prod")], await store.GetTagsAsync(key.KeyId, CancellationToken.None).WithTimeout());
        Assert.Equal(alias, await store.GetAliasAsync(Account, Region, alias.AliasName, CancellationToken.None).WithTimeout());
        Assert.Equal([Account], await store.GetAccountIdsAsync(CancellationToken.None).WithTimeout());
        Assert.Equal([7, 7], Assert.Single(await store.GetDomainKeysAsync(CancellationToken.None).WithTimeout()).WrappedKey);

        // No history is invented for aliases that predate it, and the old rows work with every new feature.
        Assert.Empty(await store.GetAliasHistoryAsync(Account, Region, alias.AliasName, CancellationToken.None).WithTimeout());
        Assert.Null(await store.GetKeyUsageAsync(key.KeyId, CancellationToken.None).WithTimeout());
        await store.RecordUsageAsync([new(key.KeyId, "Decrypt", T0, "r1", 1, 1)], CancellationToken.None).WithTimeout();
        var rotated = await store.AddKeyMaterialAsync(key with { CurrentMaterialVersion = 2 }, NewMaterial(key.KeyId, 2), CancellationToken.None).WithTimeout();
        Assert.True(await store.DeleteKeyAsync(rotated, CancellationToken.None).WithTimeout());
        Assert.Equal(["Delete"], (await store.GetAliasHistoryAsync(Account, Region, alias.AliasName, CancellationToken.None).WithTimeout()).Select(h => h.Change));
    }

    [Fact]
    public async Task Migrate_Version2DatabaseWithKeysAccessKeysAndUsage_UpgradesInPlaceAndOldRowsWorkWithVersion3()
    {
        var path = Path.Combine(_directory, "release2.db");
        var key = NewKey() with { RotationPeriodInDays = 90, NextRotationDate = T0.AddDays(90) };
        var alias = NewAlias("alias/app", key);
        var aliceKey = NewAccessKey("AKIARELEASE200000001", "alice");
        await using (var release2 = CreateStore(path))
        {
            // Release 2's store wrote these tables exactly as this one does.
            await release2.MigrateAsync(2, CancellationToken.None).WithTimeout();
            await release2.AddAccountAsync(Account, T0, CancellationToken.None).WithTimeout();
            await release2.AddAccessKeyAsync(aliceKey, CancellationToken.None).WithTimeout();
            await release2.AddAccessKeyAsync(NewAccessKey("AKIARELEASE200000002", null), CancellationToken.None).WithTimeout();
            await release2.CreateKeyAsync(key, NewMaterial(key.KeyId), [new KeyTag("env", "prod")], CancellationToken.None).WithTimeout();
            await release2.CreateAliasAsync(alias, Alice, CancellationToken.None).WithTimeout();
            await release2.RecordUsageAsync([new(key.KeyId, "Decrypt", T0, "r1", 1, 1)], CancellationToken.None).WithTimeout();
        }

        Assert.Equal(2, await ReadSchemaVersionAsync(path));

        await using var store = CreateStore(path);
        await store.MigrateAsync(CancellationToken.None).WithTimeout();

        Assert.Equal(SqliteMigrations.Latest, await ReadSchemaVersionAsync(path));
        Assert.Equal(key, await store.GetKeyAsync(Account, Region, key.KeyId, CancellationToken.None).WithTimeout());
        Assert.Equal(alias, await store.GetAliasAsync(Account, Region, alias.AliasName, CancellationToken.None).WithTimeout());
        Assert.Single(await store.GetAliasHistoryAsync(Account, Region, alias.AliasName, CancellationToken.None).WithTimeout());
        Assert.Equal(1, (await store.GetKeyUsageAsync(key.KeyId, CancellationToken.None).WithTimeout())!.Materials[0].DecryptCount);
        Assert.Equal(2, (await store.ListAccessKeysAsync(Account, CancellationToken.None).WithTimeout()).Count);

        // Nothing is invented for the new tables, and the old rows work with every new feature.
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
    public async Task DeleteKey_WithAliases_StampsDeleteHistoryWithTheStoresClock()
    {
        var now = T0.AddDays(40).AddTicks(1234);
        var path = Path.Combine(_directory, "clock.db");
        await using var store = new SqliteKeyholdStore(new SqliteStoreOptions { DatabasePath = path }, new FixedClock(now));
        await store.MigrateAsync(CancellationToken.None).WithTimeout();
        var key = NewKey() with { State = KeyState.PendingDeletion, DeletionDate = T0.AddDays(30), PendingDeletionWindowInDays = 30 };
        await store.CreateKeyAsync(key, NewMaterial(key.KeyId), [], CancellationToken.None).WithTimeout();
        await store.CreateAliasAsync(NewAlias("alias/app", key), Alice, CancellationToken.None).WithTimeout();

        Assert.True(await store.DeleteKeyAsync(key, CancellationToken.None).WithTimeout());

        var history = await store.GetAliasHistoryAsync(Account, Region, "alias/app", CancellationToken.None).WithTimeout();
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()), history[^1].ChangedAt);
        Assert.Equal(SqliteKeyholdStore.KeyDeletionPrincipal, history[^1].ChangedBy);
    }

    /// <summary>Inserts the rows with release 1's columns only, as that release's store wrote them.</summary>
    private static async Task WriteAsRelease1Async(string path, KeyRecord key, KeyMaterialRecord material, AliasRecord alias)
    {
        await using var connection = await OpenRawAsync(path);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await ExecuteAsync(
            connection,
            "INSERT INTO keys (key_id, account_id, region, description, key_spec, key_usage, origin, key_manager, state, creation_date, " +
            "deletion_date, pending_deletion_window_in_days, policy, current_material_version, row_version) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, " +
            "@p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14)",
            key.KeyId, key.AccountId, key.Region, key.Description, key.KeySpec, key.KeyUsage, key.Origin, key.KeyManager, key.State.ToString(),
            key.CreationDate.ToUnixTimeMilliseconds(), key.DeletionDate!.Value.ToUnixTimeMilliseconds(), key.PendingDeletionWindowInDays,
            key.Policy, key.CurrentMaterialVersion, key.RowVersion);
        await ExecuteAsync(
            connection,
            "INSERT INTO key_materials (key_id, version, material_id, wrapped, created_at) VALUES (@p0, @p1, @p2, @p3, @p4)",
            material.KeyId, material.Version, material.MaterialId, material.WrappedMaterial, material.CreatedAt.ToUnixTimeMilliseconds());
        await ExecuteAsync(connection, "INSERT INTO key_tags (key_id, tag_key, tag_value) VALUES (@p0, 'env', 'prod')", key.KeyId);
        await ExecuteAsync(
            connection,
            "INSERT INTO aliases (account_id, region, alias_name, target_key_id, creation_date, last_updated_date) VALUES (@p0, @p1, @p2, @p3, @p4, @p5)",
            alias.AccountId, alias.Region, alias.AliasName, alias.TargetKeyId, alias.CreationDate.ToUnixTimeMilliseconds(), alias.LastUpdatedDate.ToUnixTimeMilliseconds());
        await transaction.CommitAsync();
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, params object?[] values)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters.AddWithValue($"@p{i}", values[i] ?? DBNull.Value);
        }

        await command.ExecuteNonQueryAsync().WithTimeout();
    }

    private static async Task<int> ReadSchemaVersionAsync(string path)
    {
        await using var connection = await OpenRawAsync(path);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT MAX(version) FROM schema_version";
        return Convert.ToInt32(await command.ExecuteScalarAsync().WithTimeout(), CultureInfo.InvariantCulture);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

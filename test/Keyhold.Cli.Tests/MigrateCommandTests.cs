using System.Text;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime.CredentialManagement;
using Keyhold.Cli.Tests.Infrastructure;
using Keyhold.Server.Hosting;
using Keyhold.Storage.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Keyhold.Cli.Tests;

/// <summary>
/// <c>keyhold migrate</c>: argument errors, and the whole move an operator makes: a server on SQLite creates keys,
/// aliases and ciphertexts, stops; its data is migrated; a server on PostgreSQL over the same data directory (the same
/// root.key) decrypts the old ciphertexts and lists the aliases, through the AWS SDK.
/// </summary>
public sealed class MigrateCommandTests(PostgresCluster cluster) : IClassFixture<PostgresCluster>, IDisposable
{
    private const string Region = "us-east-1";

    private readonly string _directory = Directory.CreateTempSubdirectory("keyhold-migrate-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Migrate_SqliteServerData_PostgresServerOnTheSameDataDirectoryServesEveryKeyAndAlias()
    {
        var database = cluster.RentDatabase();
        var connectionString = cluster.ConnectionString(database);
        var context = new Dictionary<string, string> { ["purpose"] = "migration test" };
        List<(byte[] Ciphertext, string Plaintext, string KeyId)> sealedData = [];
        string oldKeyId;
        string newKeyId;
        await using (var sqlite = await StartServerAsync(new KeyholdOptions()))
        {
            using var kms = CreateClient(sqlite);
            oldKeyId = (await kms.CreateKeyAsync(new CreateKeyRequest { Description = "before migration" }).WithTimeout()).KeyMetadata.KeyId;
            newKeyId = (await kms.CreateKeyAsync(new CreateKeyRequest { Description = "after rotation" }).WithTimeout()).KeyMetadata.KeyId;
            await kms.CreateAliasAsync(new CreateAliasRequest { AliasName = "alias/application-current", TargetKeyId = oldKeyId }).WithTimeout();
            sealedData.Add(await EncryptAsync(kms, "alias/application-current", "sealed under material 1", oldKeyId, context));
            await kms.RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = oldKeyId }).WithTimeout();
            sealedData.Add(await EncryptAsync(kms, oldKeyId, "sealed under material 2", oldKeyId, context));
            await kms.CreateAliasAsync(new CreateAliasRequest { AliasName = "alias/application-20250314", TargetKeyId = oldKeyId }).WithTimeout();
            await kms.UpdateAliasAsync(new UpdateAliasRequest { AliasName = "alias/application-current", TargetKeyId = newKeyId }).WithTimeout();
            sealedData.Add(await EncryptAsync(kms, "alias/application-current", "sealed under the new key", newKeyId, context));
        }

        var result = await CliServer.RunWithoutConnectionAsync("migrate", "--from", $"sqlite:{_directory}", "--to", $"postgres:{connectionString}");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(result.Error);
        Assert.DoesNotContain(PostgresCluster.Password, result.Output, StringComparison.Ordinal);
        var lines = result.OutputLines;
        Assert.Equal($"Copying {Path.Combine(_directory, "keyhold.db")} into PostgreSQL 127.0.0.1:{cluster.Port}/{database}", lines[0]);
        Assert.Equal(["TABLE", "ROWS"], AliasesCommandTests.Columns(lines[1]));
        var rows = lines.Skip(2).TakeWhile(l => !l.StartsWith("Migrated", StringComparison.Ordinal)).Select(AliasesCommandTests.Columns).ToDictionary(c => c[0], c => long.Parse(c[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(3, rows["key_materials"]);
        Assert.Equal(2, rows["aliases"]);
        Assert.Equal(3, rows["alias_history"]);
        Assert.Contains($"Migrated {rows.Count} tables, {rows.Values.Sum()} rows; verified.", lines);

        await using (var postgres = await StartServerAsync(new KeyholdOptions { Storage = StorageKinds.Postgres, ConnectionString = connectionString }))
        {
            using var kms = CreateClient(postgres);
            foreach (var (ciphertext, plaintext, keyId) in sealedData)
            {
                var decrypted = await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(ciphertext), EncryptionContext = context }).WithTimeout();
                Assert.Equal(plaintext, Encoding.UTF8.GetString(decrypted.Plaintext.ToArray()));
                Assert.EndsWith($":key/{keyId}", decrypted.KeyId, StringComparison.Ordinal);
            }

            var aliases = (await kms.ListAliasesAsync(new ListAliasesRequest()).WithTimeout()).Aliases.ToDictionary(a => a.AliasName, a => a.TargetKeyId);
            Assert.Equal(newKeyId, aliases["alias/application-current"]);
            Assert.Equal(oldKeyId, aliases["alias/application-20250314"]);

            // The installation goes on: new aliases changes and new ciphertexts on PostgreSQL.
            await kms.UpdateAliasAsync(new UpdateAliasRequest { AliasName = "alias/application-current", TargetKeyId = oldKeyId }).WithTimeout();
            var fresh = await EncryptAsync(kms, "alias/application-current", "sealed after migration", oldKeyId, context);
            var again = await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(fresh.Ciphertext), EncryptionContext = context }).WithTimeout();
            Assert.Equal(fresh.Plaintext, Encoding.UTF8.GetString(again.Plaintext.ToArray()));
        }

        var refused = await CliServer.RunWithoutConnectionAsync("migrate", "--from", $"sqlite:{_directory}", "--to", $"postgres:{connectionString}");

        Assert.Equal(1, refused.ExitCode);
        Assert.DoesNotContain("Migrated", refused.Output, StringComparison.Ordinal);
        Assert.Contains("already holds Keyhold data", Assert.Single(refused.ErrorLines), StringComparison.Ordinal);
        Assert.DoesNotContain(PostgresCluster.Password, refused.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--to", "postgres:Host=127.0.0.1")]
    [InlineData("--from", "sqlite:/tmp/keyhold.db")]
    public async Task Migrate_MissingOption_FailsNamingIt(string given, string value)
    {
        var result = await CliServer.RunWithoutConnectionAsync("migrate", given, value);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(given == "--to" ? "--from" : "--to", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/var/lib/keyhold/keyhold.db", "postgres:Host=db", "--from must be sqlite:PATH")]
    [InlineData("postgres:Host=db", "postgres:Host=db", "--from must be sqlite:PATH")]
    [InlineData("sqlite:", "postgres:Host=db", "--from must be sqlite:PATH")]
    [InlineData("sqlite:/var/lib/keyhold", "Host=db;Password=pw-MUST-NOT-LEAK-7f3a", "--to must be postgres:CONNECTION-STRING")]
    [InlineData("sqlite:/var/lib/keyhold", "sqlite:/tmp/other.db", "--to must be postgres:CONNECTION-STRING")]
    public async Task Migrate_WrongScheme_FailsWithOneLineAndNeverEchoesTheValue(string from, string to, string message)
    {
        var result = await CliServer.RunWithoutConnectionAsync("migrate", "--from", from, "--to", to);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.StartsWith($"keyhold: migrate failed: {message}", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.DoesNotContain(PostgresCluster.Password, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_NoDatabaseInTheDirectory_FailsAndNamesThePath()
    {
        var result = await CliServer.RunWithoutConnectionAsync("migrate", "--from", $"sqlite:{_directory}", "--to", $"postgres:{cluster.ConnectionString("postgres")}");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"keyhold: migrate failed: There is no Keyhold database at {Path.Combine(_directory, "keyhold.db")}", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_UnreachableTarget_FailsWithoutPrintingThePassword()
    {
        await using (var store = new SqliteKeyholdStore(new SqliteStoreOptions { DatabasePath = Path.Combine(_directory, "keyhold.db") }))
        {
            await store.MigrateAsync(CancellationToken.None).WithTimeout();
        }

        var unreachable = new NpgsqlConnectionStringBuilder(cluster.ConnectionString("postgres")) { Port = 1, Timeout = 2 }.ConnectionString;

        var result = await CliServer.RunWithoutConnectionAsync("migrate", "--from", $"sqlite:{_directory}", "--to", $"postgres:{unreachable}");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("127.0.0.1:1/postgres", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.DoesNotContain(PostgresCluster.Password, result.ToString(), StringComparison.Ordinal);
    }

    private async Task<KeyholdServer> StartServerAsync(KeyholdOptions options)
    {
        options.DataDirectory = _directory;
        options.Listen = "127.0.0.1:0";
        options.Region = Region;
        return await KeyholdServer.StartAsync(options, logging: logging => logging.ClearProviders()).WithTimeout(TimeSpan.FromSeconds(60));
    }

    /// <summary>An AWS SDK client with the administrator credentials the first (SQLite) start wrote into the data directory.</summary>
    private AmazonKeyManagementServiceClient CreateClient(KeyholdServer server)
    {
        var credentialsFile = Path.Combine(_directory, "admin-credentials");
        if (!new CredentialProfileStoreChain(credentialsFile).TryGetAWSCredentials(CliServer.Profile, out var credentials))
        {
            throw new InvalidOperationException($"The server wrote no profile {CliServer.Profile} in {credentialsFile}.");
        }

        return new AmazonKeyManagementServiceClient(credentials, new AmazonKeyManagementServiceConfig
        {
            ServiceURL = server.Endpoint.ToString(),
            AuthenticationRegion = Region,
            MaxErrorRetry = 0,
            Timeout = TimeSpan.FromSeconds(30),
        });
    }

    private static async Task<(byte[] Ciphertext, string Plaintext, string KeyId)> EncryptAsync(
        AmazonKeyManagementServiceClient kms, string keyId, string plaintext, string expectedKeyId, Dictionary<string, string> context)
    {
        var response = await kms.EncryptAsync(new EncryptRequest
        {
            KeyId = keyId,
            Plaintext = new MemoryStream(Encoding.UTF8.GetBytes(plaintext)),
            EncryptionContext = context,
        }).WithTimeout();
        return (response.CiphertextBlob.ToArray(), plaintext, expectedKeyId);
    }
}

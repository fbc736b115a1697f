using System.Globalization;
using Keyhold.Core.Storage;
using Keyhold.Storage.Sqlite;
using Keyhold.Storage.Tests.Contract;
using Microsoft.Data.Sqlite;

namespace Keyhold.Storage.Tests.Sqlite;

/// <summary>The contract suite on SQLite (a fresh temporary directory per test), plus SQLite-only behaviour.</summary>
public sealed partial class SqliteKeyholdStoreTests : KeyholdStoreContractTests
{
    private readonly string _directory = Directory.CreateTempSubdirectory("keyhold-sqlite-").FullName;

    private string DatabasePath => Path.Combine(_directory, "keyhold.db");

    protected override IKeyholdStore CreateStore() => CreateStore(DatabasePath);

    protected override async Task<int> ReadSchemaVersionAsync()
    {
        await using var connection = await OpenRawAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT MAX(version) FROM schema_version";
        return Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    protected override async Task RecordSchemaVersionAsync(int version)
    {
        await using var connection = await OpenRawAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO schema_version (version, applied_at) VALUES (@version, 0)";
        command.Parameters.AddWithValue("@version", version);
        await command.ExecuteNonQueryAsync();
    }

    protected override Task DropDatabaseAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    private static SqliteKeyholdStore CreateStore(string path) => new(new SqliteStoreOptions { DatabasePath = path, ReadConnections = 3 });

    private Task<SqliteConnection> OpenRawAsync() => OpenRawAsync(DatabasePath);

    private static async Task<SqliteConnection> OpenRawAsync(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString);
        await connection.OpenAsync().WithTimeout();
        return connection;
    }
}

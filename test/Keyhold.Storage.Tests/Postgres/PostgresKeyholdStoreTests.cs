using System.Globalization;
using Keyhold.Core.Storage;
using Keyhold.Storage.Postgres;
using Keyhold.Storage.Tests.Contract;
using Npgsql;

namespace Keyhold.Storage.Tests.Postgres;

/// <summary>
/// The contract suite on PostgreSQL (a fresh database per test in the shared throwaway cluster; every store is its own
/// connection pool, so the suite's second store is a second node), plus PostgreSQL-only behaviour.
/// </summary>
[Collection(SharedPostgresCluster.Name)]
public sealed partial class PostgresKeyholdStoreTests : KeyholdStoreContractTests
{
    private readonly PostgresCluster _cluster;
    private readonly string _database;
    private readonly List<string> _otherDatabases = [];

    public PostgresKeyholdStoreTests(PostgresCluster cluster)
    {
        _cluster = cluster;
        _database = cluster.RentDatabase();
    }

    protected override IKeyholdStore CreateStore() => CreateStore(_database);

    protected override Task<int> ReadSchemaVersionAsync() => ReadSchemaVersionAsync(_database);

    protected override async Task RecordSchemaVersionAsync(int version)
    {
        await using var connection = await _cluster.OpenAsync(_database);
        await using var command = new NpgsqlCommand("INSERT INTO schema_version (version, applied_at) VALUES (@version, 0)", connection);
        command.Parameters.AddWithValue("version", version);
        await command.ExecuteNonQueryAsync().WithTimeout();
    }

    protected override Task DropDatabaseAsync()
    {
        _cluster.ReturnDatabase(_database);
        foreach (var database in _otherDatabases)
        {
            _cluster.DropDatabase(database);
        }

        return Task.CompletedTask;
    }

    private PostgresKeyholdStore CreateStore(string database, TimeProvider? clock = null, int commandTimeoutSeconds = 30) => new(
        new PostgresStoreOptions { ConnectionString = _cluster.ConnectionString(database, commandTimeoutSeconds) },
        clock ?? TimeProvider.System);

    /// <summary>Another database in the cluster, dropped with this test's.</summary>
    private string CreateOtherDatabase(string options = "")
    {
        var database = _cluster.CreateDatabase(options);
        _otherDatabases.Add(database);
        return database;
    }

    private async Task<int> ReadSchemaVersionAsync(string database)
    {
        var value = await ScalarAsync(database, "SELECT MAX(version) FROM schema_version");
        return Convert.ToInt32(value, CultureInfo.InvariantCulture);
    }

    private async Task<object?> ScalarAsync(string database, string sql)
    {
        await using var connection = await _cluster.OpenAsync(database);
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync().WithTimeout();
        return value is DBNull ? null : value;
    }

    private async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = await _cluster.OpenAsync(database);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync().WithTimeout();
    }
}

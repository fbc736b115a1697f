using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Keyhold.Storage.Tests.Migration;

/// <summary>
/// Reads whole tables from either database as comparable text, one line per row, sorted: columns in the SQLite
/// source's order, and values normalized across the two type systems (SQLite's 0/1 is PostgreSQL's boolean, every
/// integer is a number, blobs are hex). The table list comes from the SQLite catalogue, so the comparison covers
/// whatever tables the schema has.
/// </summary>
internal static class TableContents
{
    public static async Task<SqliteConnection> OpenSqliteAsync(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString);
        await connection.OpenAsync().WithTimeout();
        return connection;
    }

    /// <summary>Every table of the SQLite schema but schema_version, with its columns.</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> SqliteTablesAsync(SqliteConnection connection)
    {
        var tables = await ReadColumnAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_version' ORDER BY name");
        var result = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            result.Add(table, await ReadColumnAsync(connection, $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid"));
        }

        return result;
    }

    /// <summary>The tables that <paramref name="table"/>'s foreign keys reference.</summary>
    public static Task<List<string>> SqliteReferencesAsync(SqliteConnection connection, string table) =>
        ReadColumnAsync(connection, $"SELECT DISTINCT \"table\" FROM pragma_foreign_key_list('{table}')");

    public static Task<List<string>> RowsAsync(DbConnection connection, string table, IReadOnlyList<string> columns) =>
        ReadRowsAsync(connection, $"SELECT {string.Join(", ", columns.Select(c => $"\"{c}\""))} FROM \"{table}\"");

    public static async Task<long> CountAsync(DbConnection connection, string table)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM \"{table}\"";
        return Convert.ToInt64(await command.ExecuteScalarAsync().WithTimeout(), CultureInfo.InvariantCulture);
    }

    /// <summary>Row counts of every table in <paramref name="tables"/>; a table PostgreSQL does not have counts as -1.</summary>
    public static async Task<Dictionary<string, long>> PostgresCountsAsync(NpgsqlConnection connection, IEnumerable<string> tables)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var exists = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", connection);
            exists.Parameters.AddWithValue("table", table);
            counts[table] = await exists.ExecuteScalarAsync().WithTimeout() is true ? await CountAsync(connection, table) : -1;
        }

        return counts;
    }

    private static async Task<List<string>> ReadColumnAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync().WithTimeout();
        var values = new List<string>();
        while (await reader.ReadAsync().WithTimeout())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private static async Task<List<string>> ReadRowsAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync().WithTimeout();
        var rows = new List<string>();
        while (await reader.ReadAsync().WithTimeout())
        {
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => Normalize(reader.GetValue(i)))));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private static string Normalize(object value) => value switch
    {
        DBNull => "NULL",
        bool flag => flag ? "1" : "0",
        short or int or long => Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        byte[] bytes => "x'" + Convert.ToHexString(bytes) + "'",
        string text => "'" + text + "'",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };
}

using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Keyhold.Storage.Migration;

/// <summary>
/// A read-only, consistent view of a SQLite database that a live server may be writing to: a connection opened
/// read-only (<c>query_only</c> too) holding one deferred read transaction, so every read (catalogue, counts, rows)
/// sees the same commit while writers carry on in the WAL. Nothing in the file changes.
/// </summary>
internal sealed class SqliteSnapshot : IDisposable
{
    private readonly SqliteConnection _connection;
    private SqliteTransaction? _transaction;

    private SqliteSnapshot(SqliteConnection connection)
    {
        _connection = connection;
    }

    public static SqliteSnapshot Open(string databasePath, TimeSpan busyTimeout)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,

            // ReadOnly also refuses to create a missing file, so a wrong path is reported instead of made.
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds)),
        };
        var snapshot = new SqliteSnapshot(new SqliteConnection(builder.ConnectionString));
        try
        {
            snapshot._connection.Open();
            SQLitePCL.raw.sqlite3_busy_timeout(snapshot._connection.Handle, (int)Math.Min(int.MaxValue, busyTimeout.TotalMilliseconds));
            snapshot.Execute("PRAGMA query_only = ON");

            // Deferred: the snapshot is taken by the first read below and held until Dispose; a read transaction in
            // WAL mode never blocks the server's writers.
            snapshot._transaction = snapshot._connection.BeginTransaction(deferred: true);
            return snapshot;
        }
        catch
        {
            snapshot.Dispose();
            throw;
        }
    }

    /// <summary>The highest version in <c>schema_version</c>; null if the file has no Keyhold schema.</summary>
    public int? ReadSchemaVersion()
    {
        if (Scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'") is not long and > 0)
        {
            return null;
        }

        return Scalar("SELECT MAX(version) FROM schema_version") is long version ? checked((int)version) : null;
    }

    /// <summary>
    /// Every table of the schema except <c>schema_version</c> (the target records its own) and SQLite's internal
    /// ones, ordered so that referenced tables come first.
    /// </summary>
    public IReadOnlyList<SourceTable> ReadTables()
    {
        var names = ReadStrings(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> 'schema_version' ORDER BY rowid",
            parameter: null);
        var references = names.ToDictionary(
            name => name,
            name => (IReadOnlyCollection<string>)ReadStrings("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(@p)", name),
            StringComparer.Ordinal);
        var hasSequences = Scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'") is long and > 0;
        return [.. TableOrder.Sort(names, references).Select(name => new SourceTable(
            name,
            ReadStrings("SELECT name FROM pragma_table_info(@p) ORDER BY cid", name),
            (long)Scalar($"SELECT count(*) FROM {SqlIdentifier.Quote(name)}")!,
            hasSequences ? Scalar("SELECT seq FROM sqlite_sequence WHERE name = @p", name) as long? : null))];
    }

    /// <summary>
    /// Every row of <paramref name="table"/>, its values (DBNull for NULL) in <see cref="SourceTable.Columns"/> order.
    /// The array is reused: consume each row before asking for the next.
    /// </summary>
    public IEnumerable<object[]> ReadRows(SourceTable table)
    {
        using var command = CreateCommand($"SELECT {string.Join(", ", table.Columns.Select(SqlIdentifier.Quote))} FROM {SqlIdentifier.Quote(table.Name)}");
        using var reader = command.ExecuteReader();
        var values = new object[table.Columns.Count];
        while (reader.Read())
        {
            reader.GetValues(values);
            yield return values;
        }
    }

    public void Dispose()
    {
        _transaction?.Dispose();
        _connection.Dispose();
    }

    private void Execute(string sql)
    {
        using var command = CreateCommand(sql);
        command.ExecuteNonQuery();
    }

    private object? Scalar(string sql, string? parameter = null)
    {
        using var command = CreateCommand(sql, parameter);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    private List<string> ReadStrings(string sql, string? parameter)
    {
        using var command = CreateCommand(sql, parameter);
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        }

        return values;
    }

    private SqliteCommand CreateCommand(string sql, string? parameter = null)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        if (parameter is not null)
        {
            command.Parameters.AddWithValue("@p", parameter);
        }

        return command;
    }
}

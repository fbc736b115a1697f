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
        if (Scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'") is not (long and > 0))
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

    /// <summary>
    /// The distinct <c>domain_keys.root_key_fingerprint</c> values: which root key opens this database (one value in a
    /// sound installation; none before the first start has created a domain key).
    /// </summary>
    public IReadOnlyList<string> ReadRootKeyFingerprints() =>
        Scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'domain_keys'") is long and > 0
            ? ReadStrings("SELECT DISTINCT root_key_fingerprint FROM domain_keys ORDER BY 1", parameter: null)
            : [];

    /// <summary>The first line of <c>PRAGMA integrity_check</c>: <c>ok</c> for a sound file, else the first problem found.</summary>
    public string CheckIntegrity() => Convert.ToString(Scalar("PRAGMA integrity_check(1)"), CultureInfo.InvariantCulture) ?? "no answer";

    /// <summary>
    /// Copies the database, as this snapshot sees it, into a new file with SQLite's online backup API in one step, so
    /// the copy is exactly the snapshot the other reads saw, however much the server writes meanwhile. The copy is
    /// switched out of WAL mode so that it is one self-contained file.
    /// </summary>
    public void CopyTo(string destinationPath)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = destinationPath, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false };
        using var destination = new SqliteConnection(builder.ConnectionString);
        destination.Open();

        // One backup step of all pages (-1) inside this connection's open read transaction: the copy is this snapshot.
        _connection.BackupDatabase(destination);
        using var command = destination.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = DELETE";
        command.ExecuteNonQuery();
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

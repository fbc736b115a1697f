using System.Globalization;
using Npgsql;

namespace Keyhold.Storage.Migration;

/// <summary>
/// The copy's side of the target database: one connection and the one transaction every row goes into, with the
/// catalogue queries, locks, binary COPY and sequence updates the migration needs. Table and column names come from
/// the catalogues and are always quoted; values always travel as parameters or COPY data.
/// </summary>
internal sealed class PostgresTarget : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private NpgsqlTransaction? _transaction;

    private PostgresTarget(NpgsqlConnection connection)
    {
        _connection = connection;
    }

    /// <summary>Connects and begins the transaction; <paramref name="lockTimeout"/> bounds every lock wait inside it.</summary>
    public static async Task<PostgresTarget> BeginAsync(string connectionString, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        var target = new PostgresTarget(new NpgsqlConnection(connectionString));
        try
        {
            await target._connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            target._transaction = await target._connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var milliseconds = ((long)lockTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
            await target.ExecuteAsync($"SET LOCAL lock_timeout = {milliseconds}", cancellationToken).ConfigureAwait(false);
            return target;
        }
        catch
        {
            await target.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Opens a connection for reads outside any transaction (the verification after the commit).</summary>
    public static async Task<PostgresTarget> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var target = new PostgresTarget(new NpgsqlConnection(connectionString));
        try
        {
            await target._connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return target;
        }
        catch
        {
            await target.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The table's columns in the schema the store uses (the first on search_path); empty if there is no such table.</summary>
    public async Task<IReadOnlyList<TargetColumn>> ReadColumnsAsync(string table, CancellationToken cancellationToken)
    {
        var command = Command("""
            SELECT column_name, data_type, is_generated = 'ALWAYS',
                   pg_get_serial_sequence(quote_ident(table_schema) || '.' || quote_ident(table_name), column_name)
            FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = @table
            ORDER BY ordinal_position
            """);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.AddWithValue("table", table);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        var columns = new List<TargetColumn>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            columns.Add(new TargetColumn(reader.GetString(0), reader.GetString(1), reader.GetBoolean(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return columns;
    }

    /// <summary>
    /// Takes ACCESS EXCLUSIVE locks on the tables until the commit: a node started against the target meanwhile waits
    /// instead of seeing (or writing into) a half-copied installation.
    /// </summary>
    public Task LockAsync(IEnumerable<string> tables, CancellationToken cancellationToken) =>
        ExecuteAsync($"LOCK TABLE {string.Join(", ", tables.Select(SqlIdentifier.Quote))} IN ACCESS EXCLUSIVE MODE", cancellationToken);

    public async Task<long> CountAsync(string table, CancellationToken cancellationToken)
    {
        var command = Command($"SELECT count(*) FROM {SqlIdentifier.Quote(table)}");
        await using var commandScope = command.ConfigureAwait(false);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Writes <paramref name="rows"/> into <paramref name="columns"/> of the table with one binary COPY; returns the rows written.</summary>
    public async Task<long> CopyAsync(string table, IReadOnlyList<TargetColumn> columns, IEnumerable<object[]> rows, CancellationToken cancellationToken)
    {
        var sql = $"COPY {SqlIdentifier.Quote(table)} ({string.Join(", ", columns.Select(c => SqlIdentifier.Quote(c.Name)))}) FROM STDIN (FORMAT BINARY)";
        var importer = await _connection.BeginBinaryImportAsync(sql, cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            long rowNumber = 0;
            foreach (var row in rows)
            {
                rowNumber++;
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < columns.Count; i++)
                {
                    if (row[i] is DBNull)
                    {
                        await importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        await importer.WriteAsync(columns[i].Convert(row[i], table, rowNumber), columns[i].DbType!.Value, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            return checked((long)await importer.CompleteAsync(cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>The largest value of the column, or null for an empty table.</summary>
    public async Task<long?> MaxAsync(string table, string column, CancellationToken cancellationToken)
    {
        var command = Command($"SELECT max({SqlIdentifier.Quote(column)})::bigint FROM {SqlIdentifier.Quote(table)}");
        await using var commandScope = command.ConfigureAwait(false);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long max ? max : null;
    }

    /// <summary>Makes the sequence's next value <paramref name="lastUsed"/> + 1.</summary>
    public async Task AdvanceSequenceAsync(string sequence, long lastUsed, CancellationToken cancellationToken)
    {
        var command = Command("SELECT setval(@sequence::regclass, @value, true)");
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.AddWithValue("sequence", sequence);
        command.Parameters.AddWithValue("value", lastUsed);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task CommitAsync(CancellationToken cancellationToken) =>
        _transaction?.CommitAsync(cancellationToken) ?? throw new InvalidOperationException("No transaction was begun.");

    public async ValueTask DisposeAsync()
    {
        if (_transaction is not null)
        {
            // Rolls back unless committed.
            await _transaction.DisposeAsync().ConfigureAwait(false);
        }

        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        var command = Command(sql);
        await using var commandScope = command.ConfigureAwait(false);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private NpgsqlCommand Command(string sql) => new(sql, _connection, _transaction);
}

using Npgsql;

namespace Keyhold.Storage.Postgres;

/// <summary>
/// Parameter binding and row reading shared by every table. Timestamps are UTC unix milliseconds in <c>bigint</c>
/// columns, exactly as in SQLite, so a value reads back identically from either backend. The execute and read
/// helpers consume (dispose) the command they run.
/// </summary>
internal static class PostgresValues
{
    /// <summary>Binds <paramref name="value"/> (null becomes SQL NULL) and returns the command for chaining.</summary>
    public static NpgsqlCommand Bind(this NpgsqlCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    /// <inheritdoc cref="Bind(NpgsqlCommand, string, object?)"/>
    public static NpgsqlBatchCommand Bind(this NpgsqlBatchCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    /// <summary>Appends a statement to <paramref name="batch"/>; bind its parameters on the returned command.</summary>
    public static NpgsqlBatchCommand Statement(this NpgsqlBatch batch, string sql)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = sql;
        batch.BatchCommands.Add(command);
        return command;
    }

    public static long ToMilliseconds(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static long? ToMilliseconds(DateTimeOffset? value) => value?.ToUnixTimeMilliseconds();

    /// <summary>The value exactly as it will read back: UTC, whole milliseconds.</summary>
    public static DateTimeOffset AsStored(DateTimeOffset value) => DateTimeOffset.FromUnixTimeMilliseconds(value.ToUnixTimeMilliseconds());

    public static DateTimeOffset? AsStored(DateTimeOffset? value) => value is { } v ? AsStored(v) : null;

    public static DateTimeOffset GetTimestamp(this NpgsqlDataReader reader, int ordinal) =>
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    public static DateTimeOffset? GetNullableTimestamp(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetTimestamp(ordinal);

    public static string? GetNullableString(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static int? GetNullableInt32(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);

    public static byte[] GetBytes(this NpgsqlDataReader reader, int ordinal) => reader.GetFieldValue<byte[]>(ordinal);

    /// <summary>Runs the statement and disposes it; returns the number of rows affected.</summary>
    public static async Task<int> ExecuteAsync(this NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using (command.ConfigureAwait(false))
        {
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs the statement and disposes it; returns the first column of the first row, or null.</summary>
    public static async Task<object?> ScalarAsync(this NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using (command.ConfigureAwait(false))
        {
            var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return value is DBNull ? null : value;
        }
    }

    /// <summary>Runs every statement of the batch in one round trip and disposes it.</summary>
    public static async Task ExecuteAsync(this NpgsqlBatch batch, CancellationToken cancellationToken)
    {
        await using (batch.ConfigureAwait(false))
        {
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads every row with <paramref name="map"/> and disposes the command.</summary>
    public static async Task<IReadOnlyList<T>> ReadAllAsync<T>(this NpgsqlCommand command, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
    {
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var results = new List<T>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    results.Add(map(reader));
                }

                return results;
            }
        }
    }

    /// <summary>Reads the first row with <paramref name="map"/>, or null when there is none, and disposes the command.</summary>
    public static async Task<T?> ReadSingleAsync<T>(this NpgsqlCommand command, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
        where T : class
    {
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? map(reader) : null;
            }
        }
    }
}

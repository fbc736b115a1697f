using Microsoft.Data.Sqlite;

namespace Keyhold.Storage.Sqlite;

/// <summary>Column conversions shared by every table: timestamps are UTC unix milliseconds, nulls are DBNull.</summary>
internal static class SqliteValues
{
    /// <summary>Binds <paramref name="value"/> (null becomes SQL NULL) and returns the command for chaining.</summary>
    public static SqliteCommand Bind(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public static long ToMilliseconds(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static long? ToMilliseconds(DateTimeOffset? value) => value?.ToUnixTimeMilliseconds();

    /// <summary>The value exactly as it will read back: UTC, whole milliseconds.</summary>
    public static DateTimeOffset AsStored(DateTimeOffset value) => DateTimeOffset.FromUnixTimeMilliseconds(value.ToUnixTimeMilliseconds());

    public static DateTimeOffset? AsStored(DateTimeOffset? value) => value is { } v ? AsStored(v) : null;

    public static DateTimeOffset GetTimestamp(this SqliteDataReader reader, int ordinal) =>
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    public static DateTimeOffset? GetNullableTimestamp(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetTimestamp(ordinal);

    public static string? GetNullableString(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static int? GetNullableInt32(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);

    public static byte[] GetBytes(this SqliteDataReader reader, int ordinal) => (byte[])reader.GetValue(ordinal);

    /// <summary>Reads every row with <paramref name="map"/>.</summary>
    public static List<T> ReadAll<T>(this SqliteCommand command, Func<SqliteDataReader, T> map)
    {
        var results = new List<T>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            results.Add(map(reader));
        }

        return results;
    }

    /// <summary>Reads the first row with <paramref name="map"/>, or default when there is none.</summary>
    public static T? ReadSingle<T>(this SqliteCommand command, Func<SqliteDataReader, T> map)
        where T : class
    {
        using var reader = command.ExecuteReader();
        return reader.Read() ? map(reader) : null;
    }
}

using System.Globalization;
using NpgsqlTypes;

namespace Keyhold.Storage.Migration;

/// <summary>
/// A column of a target table as PostgreSQL's catalogue describes it. Its type decides how a SQLite value is copied:
/// SQLite stores booleans as 0/1 integers and every integer as 64 bits, so the value is converted to the target
/// type, checked, and written with that exact type (binary COPY does no implicit casts).
/// </summary>
/// <param name="Name">The column's name, as in the SQLite source.</param>
/// <param name="DataType">The type as <c>information_schema.columns.data_type</c> names it.</param>
/// <param name="IsGenerated">A column PostgreSQL computes itself, never copied.</param>
/// <param name="Sequence">The sequence behind an identity or serial column, which must be advanced past the copied values.</param>
internal sealed record TargetColumn(string Name, string DataType, bool IsGenerated, string? Sequence)
{
    /// <summary>The Npgsql type to write this column with; null for a type the migration does not know how to copy.</summary>
    public NpgsqlDbType? DbType => DataType switch
    {
        "text" => NpgsqlDbType.Text,
        "character varying" => NpgsqlDbType.Varchar,
        "bigint" => NpgsqlDbType.Bigint,
        "integer" => NpgsqlDbType.Integer,
        "smallint" => NpgsqlDbType.Smallint,
        "boolean" => NpgsqlDbType.Boolean,
        "bytea" => NpgsqlDbType.Bytea,
        "double precision" => NpgsqlDbType.Double,
        "real" => NpgsqlDbType.Real,
        "jsonb" => NpgsqlDbType.Jsonb,
        "json" => NpgsqlDbType.Json,
        "uuid" => NpgsqlDbType.Uuid,
        _ => null,
    };

    /// <summary>
    /// <paramref name="value"/>, as SQLite returned it (long, double, string or byte[]), in this column's CLR type;
    /// a value that does not fit (a boolean other than 0 or 1, an integer out of range, a blob in a text column) is
    /// refused rather than coerced. The message names the row but never shows the value, which may be secret.
    /// </summary>
    public object Convert(object value, string table, long rowNumber)
    {
        object? converted = (DbType, value) switch
        {
            (NpgsqlDbType.Text or NpgsqlDbType.Varchar or NpgsqlDbType.Jsonb or NpgsqlDbType.Json, string text) => text,
            (NpgsqlDbType.Bigint, long number) => number,
            (NpgsqlDbType.Integer, long number) when number is >= int.MinValue and <= int.MaxValue => (int)number,
            (NpgsqlDbType.Smallint, long number) when number is >= short.MinValue and <= short.MaxValue => (short)number,
            (NpgsqlDbType.Boolean, long number) when number is 0 or 1 => number == 1,
            (NpgsqlDbType.Bytea, byte[] bytes) => bytes,
            (NpgsqlDbType.Double, double or long) => System.Convert.ToDouble(value, CultureInfo.InvariantCulture),
            (NpgsqlDbType.Real, double or long) => System.Convert.ToSingle(value, CultureInfo.InvariantCulture),
            (NpgsqlDbType.Uuid, string text) when Guid.TryParse(text, out var guid) => guid,
            _ => null,
        };
        return converted ?? throw new StoreMigrationException(
            $"Row {rowNumber.ToString(CultureInfo.InvariantCulture)} of table {table}: column {Name} holds a SQLite {SqliteTypeName(value)} " +
            $"that does not fit the PostgreSQL column type {DataType}. The source is damaged or not a Keyhold database.");
    }

    private static string SqliteTypeName(object value) => value switch
    {
        long => "INTEGER",
        double => "REAL",
        string => "TEXT",
        byte[] => "BLOB",
        _ => value.GetType().Name,
    };
}

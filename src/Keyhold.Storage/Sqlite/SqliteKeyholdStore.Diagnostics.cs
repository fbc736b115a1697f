using System.Globalization;

namespace Keyhold.Storage.Sqlite;

public sealed partial class SqliteKeyholdStore
{
    /// <summary>The settings of the writer connection, read inside a write transaction.</summary>
    internal Task<SqlitePragmas> ReadWriterPragmasAsync(CancellationToken cancellationToken) =>
        WriteAsync("ReadWriterPragmas", 0, static (session, _) => ReadPragmas(session), cancellationToken);

    /// <summary>The settings of a pooled read connection.</summary>
    internal Task<SqlitePragmas> ReadReaderPragmasAsync(CancellationToken cancellationToken) =>
        ReadAsync("ReadReaderPragmas", 0, static (session, _) => ReadPragmas(session), cancellationToken);

    /// <summary>Runs one constant statement (e.g. a PRAGMA that simulates a full disk) in a write transaction; tests only.</summary>
    internal Task<object?> RunOnWriterAsync(string sql, CancellationToken cancellationToken) =>
        WriteAsync("RunOnWriter", sql, static (session, sql) => session.Command(sql).ExecuteScalar(), cancellationToken);

    private static SqlitePragmas ReadPragmas(SqliteSession session) => new(
        (string)session.Command("PRAGMA journal_mode").ExecuteScalar()!,
        Convert.ToInt64(session.Command("PRAGMA synchronous").ExecuteScalar(), CultureInfo.InvariantCulture),
        Convert.ToInt64(session.Command("PRAGMA foreign_keys").ExecuteScalar(), CultureInfo.InvariantCulture) != 0,
        Convert.ToInt64(session.Command("PRAGMA busy_timeout").ExecuteScalar(), CultureInfo.InvariantCulture));
}

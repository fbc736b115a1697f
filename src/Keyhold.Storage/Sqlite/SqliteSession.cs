using Keyhold.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Keyhold.Storage.Sqlite;

/// <summary>
/// One open connection plus its prepared commands. Microsoft.Data.Sqlite keeps a command's statements prepared for
/// as long as the command and its text live, so caching commands by SQL text makes every statement a prepared one
/// after its first use. A session is used by one caller at a time (the store's writer lock or reader pool).
/// </summary>
internal sealed class SqliteSession : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    private SqliteSession(SqliteConnection connection)
    {
        Connection = connection;
    }

    public SqliteConnection Connection { get; }

    /// <summary>True while a transaction is open on the connection (SQLite is not in autocommit mode).</summary>
    public bool InTransaction => SQLitePCL.raw.sqlite3_get_autocommit(Connection.Handle) == 0;

    public static SqliteSession Open(string databasePath, TimeSpan busyTimeout, bool readOnly)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,

            // Only the writer creates the file: a read against a path with no database reports it instead.
            Mode = readOnly ? SqliteOpenMode.ReadWrite : SqliteOpenMode.ReadWriteCreate,

            // The store pools its own connections (one writer, a few readers) and keeps prepared commands on them;
            // a second pool underneath would only hide file handles from Dispose.
            Pooling = false,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds)),
        };
        var connection = new SqliteConnection(builder.ConnectionString);
        var session = new SqliteSession(connection);
        try
        {
            connection.Open();
            session.Configure(busyTimeout, readOnly);
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Returns the cached command for <paramref name="sql"/> with its parameters cleared.</summary>
    /// <param name="sql">A constant statement of this assembly; values always travel as parameters.</param>
    public SqliteCommand Command(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            _commands.Add(sql, command);
        }

        command.Parameters.Clear();
        return command;
    }

    public int Execute(string sql) => Command(sql).ExecuteNonQuery();

    public void Begin() => Execute("BEGIN IMMEDIATE");

    public void Commit() => Execute("COMMIT");

    /// <summary>Ends any open transaction; false if the connection cannot be trusted any more and must be discarded.</summary>
    public bool TryRollback()
    {
        try
        {
            if (InTransaction)
            {
                Execute("ROLLBACK");
            }

            return !InTransaction;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
        Connection.Dispose();
    }

    private void Configure(TimeSpan busyTimeout, bool readOnly)
    {
        // SQLite's own busy handler waits for a lock held by another connection or process (PRAGMA busy_timeout,
        // set through the API because PRAGMA takes no parameters). Set first: switching to WAL may need a lock.
        SQLitePCL.raw.sqlite3_busy_timeout(Connection.Handle, (int)Math.Min(int.MaxValue, busyTimeout.TotalMilliseconds));

        // journal_mode is stored in the file; setting it on every connection makes the first one to open convert it
        // and lets us check that WAL is really in force (it is refused on file systems without shared memory).
        var journalMode = Command("PRAGMA journal_mode = WAL").ExecuteScalar() as string;
        if (!string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new StoreUnavailableException($"SQLite refused WAL journal mode (got '{journalMode}'); keep the database on a local file system.");
        }

        // FULL: the WAL is fsynced at every commit, so an acknowledged write survives power loss. fullfsync only
        // matters on macOS, where plain fsync does not flush the drive cache.
        Execute("PRAGMA synchronous = FULL");
        Execute("PRAGMA fullfsync = ON");
        Execute("PRAGMA checkpoint_fullfsync = ON");
        Execute("PRAGMA foreign_keys = ON");
        if (readOnly)
        {
            Execute("PRAGMA query_only = ON");
        }
    }
}

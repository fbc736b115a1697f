namespace Keyhold.Storage.Sqlite;

/// <summary>Settings of the embedded SQLite store.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>Path of the database file; created on first use. Its directory must exist and be local (WAL needs shared memory).</summary>
    public string DatabasePath { get; set; } = string.Empty;

    /// <summary>How many read connections may run at once; writes always go through one connection.</summary>
    public int ReadConnections { get; set; } = 4;

    /// <summary>How long a statement waits for a lock held by another connection or process before the store reports itself unavailable.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);
}

namespace Keyhold.Storage.Sqlite;

/// <summary>The settings a connection actually runs with, as SQLite reports them (synchronous: 2 = FULL).</summary>
internal sealed record SqlitePragmas(string JournalMode, long Synchronous, bool ForeignKeys, long BusyTimeoutMilliseconds);

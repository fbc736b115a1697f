namespace Keyhold.Storage.Postgres;

/// <summary>Settings of the PostgreSQL store, for several Keyhold nodes sharing one database.</summary>
public sealed class PostgresStoreOptions
{
    /// <summary>
    /// An Npgsql connection string, e.g. <c>Host=db;Database=keyhold;Username=keyhold;Password=…;Timeout=5</c>.
    /// Pooling, connect timeout (<c>Timeout</c>) and <c>Command Timeout</c> come from it; with several hosts, add
    /// <c>Target Session Attributes=read-write</c>. The password never appears in the store's error messages.
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;
}

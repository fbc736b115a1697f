namespace Keyhold.Storage.Migration;

/// <summary>Source and target of <see cref="StoreMigrator"/>.</summary>
public sealed class StoreMigratorOptions
{
    /// <summary>The SQLite source: a <c>keyhold.db</c> file, or the data directory that holds one. Only ever opened read-only.</summary>
    public string SqlitePath { get; set; } = string.Empty;

    /// <summary>The Npgsql connection string of the target database. It never appears in messages.</summary>
    public string PostgresConnectionString { get; set; } = string.Empty;

    /// <summary>How long a SQLite read or a PostgreSQL lock may wait for another connection before the migration gives up.</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(15);
}

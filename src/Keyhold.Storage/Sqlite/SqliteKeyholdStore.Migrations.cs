using Keyhold.Core.Storage;

namespace Keyhold.Storage.Sqlite;

public sealed partial class SqliteKeyholdStore
{
    /// <summary>
    /// Applies every migration newer than the database's version, all in one <c>BEGIN IMMEDIATE</c> transaction, so
    /// two processes migrating at once serialize and the second finds nothing to do. A database written by a newer
    /// build is refused with <see cref="StoreUnavailableException"/> and left untouched.
    /// </summary>
    public Task MigrateAsync(CancellationToken cancellationToken) => MigrateAsync(SqliteMigrations.Latest, cancellationToken);

    /// <summary>
    /// Applies the migrations up to <paramref name="targetVersion"/> only; tests use it to build a database as an older
    /// release left it.
    /// </summary>
    internal Task MigrateAsync(int targetVersion, CancellationToken cancellationToken) =>
        WriteAsync("Migrate", (store: this, targetVersion), static (session, args) =>
        {
            var store = args.store;
            session.Execute("""
                CREATE TABLE IF NOT EXISTS schema_version (
                    version INTEGER NOT NULL PRIMARY KEY,
                    applied_at INTEGER NOT NULL
                )
                """);
            var current = Convert.ToInt32(session.Command("SELECT COALESCE(MAX(version), 0) FROM schema_version").ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            if (current > SqliteMigrations.Latest)
            {
                throw new StoreUnavailableException(
                    $"The database '{store._databasePath}' has schema version {current}, but this Keyhold build knows versions up to {SqliteMigrations.Latest}. " +
                    "It was written by a newer Keyhold; run that version (or newer) against it. Nothing was changed.");
            }

            var appliedAt = SqliteValues.ToMilliseconds(store._timeProvider.GetUtcNow());
            foreach (var migration in SqliteMigrations.All)
            {
                if (migration.Version <= current || migration.Version > args.targetVersion)
                {
                    continue;
                }

                foreach (var statement in migration.Statements)
                {
                    session.Execute(statement);
                }

                session.Command("INSERT INTO schema_version (version, applied_at) VALUES (@version, @appliedAt)")
                    .Bind("@version", migration.Version)
                    .Bind("@appliedAt", appliedAt)
                    .ExecuteNonQuery();
            }

            return true;
        }, cancellationToken);
}

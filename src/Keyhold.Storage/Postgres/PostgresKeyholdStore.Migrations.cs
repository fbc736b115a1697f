using System.Globalization;
using Keyhold.Core.Storage;

namespace Keyhold.Storage.Postgres;

public sealed partial class PostgresKeyholdStore
{
    /// <summary>
    /// Key of the transaction-scoped advisory lock that serializes migrations across nodes: "keyhold" in ASCII.
    /// Advisory locks are per database, so clusters hosting several Keyhold databases do not contend.
    /// </summary>
    internal const long MigrationLockKey = 0x6B6579686F6C64;

    private const int MigrationLockTimeoutSeconds = 15;

    /// <summary>
    /// Applies every migration newer than the database's version in one transaction that first takes
    /// <c>pg_advisory_xact_lock</c>: nodes starting at once queue on the lock, one does the work and the others find
    /// nothing to do. A database written by a newer build is refused with <see cref="StoreUnavailableException"/> and
    /// left untouched.
    /// </summary>
    public Task MigrateAsync(CancellationToken cancellationToken) => MigrateAsync(PostgresMigrations.Latest, cancellationToken);

    /// <summary>Applies the migrations up to <paramref name="targetVersion"/> only; tests use it to build an older release's database.</summary>
    internal Task MigrateAsync(int targetVersion, CancellationToken cancellationToken) =>
        WriteAsync("Migrate", (store: this, targetVersion), static async (session, args) =>
        {
            var ct = session.CancellationToken;

            // Before anything else, so that even CREATE TABLE IF NOT EXISTS never races another node's.
            await session.Command("SELECT pg_advisory_xact_lock(@key)").Bind("key", MigrationLockKey).ExecuteAsync(ct).ConfigureAwait(false);

            // Set after the advisory lock, whose wait must not time out. ALTER TABLE queues for an exclusive lock, and
            // every query of the live nodes then queues behind it: better to give up (the node fails to start and is
            // retried) than to stall the cluster behind a long-running transaction.
            await session.Command($"SET LOCAL lock_timeout = '{MigrationLockTimeoutSeconds}s'").ExecuteAsync(ct).ConfigureAwait(false);

            var encoding = (string?)await session.Command("SELECT current_setting('server_encoding')").ScalarAsync(ct).ConfigureAwait(false);
            if (!string.Equals(encoding, "UTF8", StringComparison.Ordinal))
            {
                throw new StoreUnavailableException(
                    $"The database on '{args.store._server}' uses encoding {encoding}; Keyhold needs UTF8 " +
                    "(CREATE DATABASE … ENCODING 'UTF8' TEMPLATE template0). Nothing was changed.");
            }

            await session.Command("""
                CREATE TABLE IF NOT EXISTS schema_version (
                    version integer NOT NULL PRIMARY KEY,
                    applied_at bigint NOT NULL
                )
                """).ExecuteAsync(ct).ConfigureAwait(false);
            var current = Convert.ToInt32(
                await session.Command("SELECT COALESCE(MAX(version), 0) FROM schema_version").ScalarAsync(ct).ConfigureAwait(false),
                CultureInfo.InvariantCulture);
            if (current > PostgresMigrations.Latest)
            {
                throw new StoreUnavailableException(
                    $"The database on '{args.store._server}' has schema version {current}, but this Keyhold build knows versions up to {PostgresMigrations.Latest}. " +
                    "It was written by a newer Keyhold; run that version (or newer) against it. Nothing was changed.");
            }

            var appliedAt = PostgresValues.ToMilliseconds(args.store._timeProvider.GetUtcNow());
            foreach (var migration in PostgresMigrations.All)
            {
                if (migration.Version <= current || migration.Version > args.targetVersion)
                {
                    continue;
                }

                // One round trip per version: the lock is held for the DDL's time, not for twenty network hops.
                var batch = session.Batch();
                foreach (var statement in migration.Statements)
                {
                    batch.Statement(statement);
                }

                batch.Statement("INSERT INTO schema_version (version, applied_at) VALUES (@version, @appliedAt)")
                    .Bind("version", migration.Version)
                    .Bind("appliedAt", appliedAt);
                await batch.ExecuteAsync(ct).ConfigureAwait(false);
            }

            return true;
        }, cancellationToken);
}

using System.Globalization;
using Keyhold.Core.Storage;
using Keyhold.Storage.Postgres;
using Keyhold.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Keyhold.Storage.Migration;

/// <summary>
/// Copies a SQLite installation into an empty PostgreSQL database (<c>keyhold migrate</c>): every table the source's
/// catalogue lists, in foreign-key order, column by column by name, bytes as they are (key material and secrets stay
/// wrapped under the same domain and root keys; nothing is decrypted). The source is read from one snapshot and never
/// written; the rows go into the target in one transaction, so a failure leaves it without any of them; after the
/// commit every table's row count is checked against the snapshot's (see docs/operations/migrate.md).
/// </summary>
public sealed class StoreMigrator
{
    private readonly StoreMigratorOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly string _connectionString;

    public StoreMigrator(StoreMigratorOptions options)
        : this(options, TimeProvider.System)
    {
    }

    /// <summary>Creates a migrator whose schema_version timestamps in the target come from <paramref name="timeProvider"/>.</summary>
    public StoreMigrator(StoreMigratorOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.SqlitePath, nameof(options));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.PostgresConnectionString, nameof(options));
        _options = options;
        _timeProvider = timeProvider;
        var path = Path.GetFullPath(options.SqlitePath);
        SourcePath = Directory.Exists(path) ? Path.Combine(path, "keyhold.db") : path;

        NpgsqlConnectionStringBuilder settings;
        try
        {
            settings = new NpgsqlConnectionStringBuilder(options.PostgresConnectionString);
        }
        catch (ArgumentException ex)
        {
            // Npgsql names the offending keyword; the string itself, which may hold a password, is not repeated.
            throw new StoreMigrationException($"The PostgreSQL connection string is not valid: {ex.Message}", ex);
        }

        if (string.IsNullOrEmpty(settings.ApplicationName))
        {
            settings.ApplicationName = "keyhold migrate";
        }

        // One connection for the copy and one for the check: a pool would only keep them open after we are done.
        settings.Pooling = false;
        _connectionString = settings.ConnectionString;
        Target = $"{settings.Host}:{settings.Port}/{settings.Database ?? settings.Username}";
    }

    /// <summary>The SQLite database file that is copied.</summary>
    public string SourcePath { get; }

    /// <summary>The target as host:port/database: safe to print, unlike the connection string.</summary>
    public string Target { get; }

    /// <summary>Runs the migration; throws <see cref="StoreMigrationException"/> or <see cref="StoreUnavailableException"/> with what went wrong and what was written.</summary>
    public async Task<StoreMigrationResult> MigrateAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(SourcePath))
        {
            throw new StoreMigrationException($"There is no Keyhold database at {SourcePath}: give the keyhold.db file or the data directory that holds it. Nothing was written.");
        }

        using var snapshot = ReadSource(() => SqliteSnapshot.Open(SourcePath, _options.LockTimeout));
        var version = ReadSource(snapshot.ReadSchemaVersion)
            ?? throw new StoreMigrationException($"{SourcePath} is not a Keyhold database (it has no schema_version table). Nothing was written.");
        CheckVersion(version);
        var tables = ReadSource(snapshot.ReadTables);

        await PrepareTargetAsync(version, cancellationToken).ConfigureAwait(false);
        await CopyAsync(snapshot, tables, cancellationToken).ConfigureAwait(false);
        return await VerifyAsync(version, tables, cancellationToken).ConfigureAwait(false);
    }

    private void CheckVersion(int version)
    {
        if (version == SqliteMigrations.Latest && version <= PostgresMigrations.Latest)
        {
            return;
        }

        var advice = version < SqliteMigrations.Latest
            ? $"Upgrade it first: start this Keyhold on it once (keyhold serve --data {Path.GetDirectoryName(SourcePath)}), stop it, then migrate."
            : "It was written by a newer Keyhold: run keyhold migrate of that version.";
        throw new StoreMigrationException(
            $"{SourcePath} has schema version {version}, but this Keyhold migrates schema version {SqliteMigrations.Latest} only. {advice} Nothing was written.");
    }

    /// <summary>Refuses a target that holds Keyhold data, then gives it the source's schema version (its own transaction).</summary>
    private async Task PrepareTargetAsync(int version, CancellationToken cancellationToken)
    {
        var store = new PostgresKeyholdStore(new PostgresStoreOptions { ConnectionString = _connectionString }, _timeProvider);
        await using (store.ConfigureAwait(false))
        {
            if (await store.HasDataAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new StoreMigrationException(
                    $"The PostgreSQL database {Target} already holds Keyhold data (domain keys); keyhold migrate only copies into an empty database. Nothing was written.");
            }

            await store.MigrateAsync(version, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task CopyAsync(SqliteSnapshot snapshot, IReadOnlyList<SourceTable> tables, CancellationToken cancellationToken)
    {
        var step = "Connecting to the target";
        var committing = false;
        try
        {
            var target = await PostgresTarget.BeginAsync(_connectionString, _options.LockTimeout, cancellationToken).ConfigureAwait(false);
            await using (target.ConfigureAwait(false))
            {
                step = "Reading the target's schema";
                var plans = new List<(SourceTable Source, IReadOnlyList<TargetColumn> Columns)>();
                foreach (var table in tables)
                {
                    plans.Add((table, MatchColumns(table, await target.ReadColumnsAsync(table.Name, cancellationToken).ConfigureAwait(false))));
                }

                step = "Locking the target's tables";
                await target.LockAsync(tables.Select(t => t.Name), cancellationToken).ConfigureAwait(false);
                foreach (var table in tables)
                {
                    if (await target.CountAsync(table.Name, cancellationToken).ConfigureAwait(false) > 0)
                    {
                        throw new StoreMigrationException(
                            $"Table {table.Name} of the PostgreSQL database {Target} already has rows; keyhold migrate only copies into an empty database.");
                    }
                }

                foreach (var (source, columns) in plans)
                {
                    step = $"Copying table {source.Name}";
                    var copied = await target.CopyAsync(source.Name, columns, snapshot.ReadRows(source), cancellationToken).ConfigureAwait(false);
                    if (copied != source.Rows)
                    {
                        throw new StoreMigrationException(
                            $"Table {source.Name}: {copied} rows were copied but the source snapshot has {source.Rows}.");
                    }

                    await AdvanceSequencesAsync(target, source, columns, cancellationToken).ConfigureAwait(false);
                }

                step = "Committing";
                committing = true;
                await target.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (StoreMigrationException ex) when (!committing)
        {
            throw new StoreMigrationException($"{ex.Message} The transaction was rolled back: nothing was copied.", ex);
        }
        catch (Exception ex) when (ex is NpgsqlException or SqliteException)
        {
            var reason = ex switch
            {
                // Integrity errors name the table and constraint in MessageText; the row's values stay in Detail, unprinted.
                PostgresException { SqlState: var state } refused when state.StartsWith("23", StringComparison.Ordinal) =>
                    $"{step} failed: PostgreSQL refused a row of the source: {refused.MessageText}. " +
                    "The SQLite source breaks the schema's constraints (PRAGMA foreign_key_check and integrity_check on a copy of it tell where).",
                SqliteException sqlite when SqliteErrors.TryTranslate(sqlite, step, SourcePath, out var translated) => translated.Message,
                _ when PostgresErrors.TryTranslate(ex, step, Target, committing, out var translated) => translated.Message,
                _ => $"{step} failed: {ex.Message}",
            };
            var outcome = committing
                ? "Whether the copy committed is unknown: check the target, and empty it (drop and re-create the database) before trying again."
                : "The transaction was rolled back: nothing was copied.";
            throw new StoreMigrationException($"{reason} {outcome}", ex);
        }
    }

    /// <summary>
    /// The target columns to copy into, in source column order. The schemas of one version mirror each other column
    /// for column, so any difference (apart from columns PostgreSQL computes itself) means the two do not match and
    /// copying would lose or invent data.
    /// </summary>
    private List<TargetColumn> MatchColumns(SourceTable source, IReadOnlyList<TargetColumn> targetColumns)
    {
        if (targetColumns.Count == 0)
        {
            throw new StoreMigrationException($"The PostgreSQL database {Target} has no table {source.Name} after migrating its schema.");
        }

        var byName = targetColumns.Where(c => !c.IsGenerated).ToDictionary(c => c.Name, StringComparer.Ordinal);
        var onlyInSource = source.Columns.Where(c => !byName.ContainsKey(c)).ToList();
        var onlyInTarget = byName.Keys.Except(source.Columns, StringComparer.Ordinal).ToList();
        if (onlyInSource.Count > 0 || onlyInTarget.Count > 0)
        {
            throw new StoreMigrationException(
                $"Table {source.Name} has different columns in the two schemas (only in SQLite: {Names(onlyInSource)}; only in PostgreSQL: {Names(onlyInTarget)}).");
        }

        var columns = source.Columns.Select(c => byName[c]).ToList();
        if (columns.FirstOrDefault(c => c.DbType is null) is { } unknown)
        {
            throw new StoreMigrationException($"Column {source.Name}.{unknown.Name} has PostgreSQL type {unknown.DataType}, which keyhold migrate does not know how to copy.");
        }

        return columns;

        static string Names(List<string> names) => names.Count == 0 ? "none" : string.Join(", ", names);
    }

    /// <summary>
    /// Copied values keep their numbers (alias_history.sequence), so identity and serial sequences must continue past
    /// them: past the largest copied value, and past the largest SQLite's AUTOINCREMENT ever handed out, which may be
    /// larger if the newest rows were deleted; AUTOINCREMENT never reuses a number and neither may the target.
    /// </summary>
    private static async Task AdvanceSequencesAsync(PostgresTarget target, SourceTable source, IReadOnlyList<TargetColumn> columns, CancellationToken cancellationToken)
    {
        foreach (var column in columns.Where(c => c.Sequence is not null))
        {
            var max = await target.MaxAsync(source.Name, column.Name, cancellationToken).ConfigureAwait(false);
            var lastUsed = (max, source.AutoIncrement) switch
            {
                ({ } copied, { } handedOut) => Math.Max(copied, handedOut),
                ({ } copied, null) => copied,
                (null, { } handedOut) => handedOut,
                _ => (long?)null,
            };
            if (lastUsed is { } value)
            {
                await target.AdvanceSequenceAsync(column.Sequence!, value, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Counts every table again on a new connection, after the commit, and compares with the snapshot.</summary>
    private async Task<StoreMigrationResult> VerifyAsync(int version, IReadOnlyList<SourceTable> tables, CancellationToken cancellationToken)
    {
        var migrated = new List<MigratedTable>(tables.Count);
        var mismatches = new List<string>();
        try
        {
            var target = await PostgresTarget.OpenAsync(_connectionString, cancellationToken).ConfigureAwait(false);
            await using (target.ConfigureAwait(false))
            {
                foreach (var table in tables)
                {
                    var rows = await target.CountAsync(table.Name, cancellationToken).ConfigureAwait(false);
                    if (rows != table.Rows)
                    {
                        mismatches.Add(string.Create(CultureInfo.InvariantCulture, $"{table.Name}: {table.Rows} in SQLite, {rows} in PostgreSQL"));
                    }

                    migrated.Add(new MigratedTable(table.Name, rows));
                }
            }
        }
        catch (NpgsqlException ex)
        {
            var reason = PostgresErrors.TryTranslate(ex, "Verifying the copy", Target, committing: false, out var translated) ? translated.Message : ex.Message;
            throw new StoreMigrationException($"The copy was committed, but verifying it failed: {reason} Compare the row counts by hand before using the target.", ex);
        }

        if (mismatches.Count > 0)
        {
            throw new StoreMigrationException(
                $"The copy was committed, but the row counts differ ({string.Join("; ", mismatches)}): something else wrote to {Target}. Do not use it; empty it and migrate again.");
        }

        return new StoreMigrationResult(version, migrated);
    }

    /// <summary>Runs a read of the source, reporting SQLite failures (a locked, corrupt or unreadable file) in the store's words.</summary>
    private T ReadSource<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (SqliteException ex) when (SqliteErrors.TryTranslate(ex, "Reading the SQLite source", SourcePath, out var translated))
        {
            throw new StoreMigrationException($"{translated.Message} Nothing was written.", ex);
        }
    }
}

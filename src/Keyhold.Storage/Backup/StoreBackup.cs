using System.Globalization;
using Keyhold.Storage.Migration;
using Keyhold.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Keyhold.Storage.Backup;

/// <summary>
/// <c>keyhold backup</c> and <c>keyhold restore</c> for SQLite installations (docs/operations/backup.md). A backup is
/// taken from one read snapshot of the live database with SQLite's online backup API, so a server may keep writing;
/// the copy is checked against the snapshot and archived with its manifest. Key material stays wrapped: nothing is
/// decrypted, and the root key goes into the archive only when the caller asks. Restore checks everything in a staging
/// directory beside the target and moves the files in only when all checks pass.
/// </summary>
public static partial class StoreBackup
{
    private const string DatabaseFileName = "keyhold.db";
    private const string RootKeyFileName = "root.key";
    private const string Unwritten = "Nothing was written.";

    /// <summary>Takes a backup; throws <see cref="BackupException"/> saying what went wrong. Nothing is left behind on failure.</summary>
    public static BackupManifest Create(StoreBackupOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DataDirectory, nameof(options));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.OutputPath, nameof(options));
        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        var database = Path.Combine(dataDirectory, DatabaseFileName);
        var output = Path.GetFullPath(options.OutputPath);
        if (!Directory.Exists(dataDirectory))
        {
            throw new BackupException($"There is no data directory {dataDirectory}. Nothing was written.");
        }

        if (!File.Exists(database))
        {
            throw new BackupException(
                $"{dataDirectory} holds no {DatabaseFileName}: it is not the data directory of a Keyhold installation on SQLite. "
                + "An installation on PostgreSQL is backed up with pg_dump (docs/operations/backup.md). Nothing was written.");
        }

        if (File.Exists(output) || Directory.Exists(output))
        {
            throw new BackupException($"{output} already exists; keyhold backup never overwrites a file. Nothing was written.");
        }

        var outputDirectory = Path.GetDirectoryName(output)!;
        if (!Directory.Exists(outputDirectory))
        {
            throw new BackupException($"The directory {outputDirectory} for the backup file does not exist. Nothing was written.");
        }

        // Everything is built in a private staging directory beside the output and moved into place at the end.
        var staging = CreateStagingDirectory(outputDirectory, ".keyhold-backup-");
        try
        {
            var copy = Path.Combine(staging, DatabaseFileName);
            var createdAt = timeProvider.GetUtcNow();
            int version;
            IReadOnlyList<SourceTable> tables;
            IReadOnlyList<string> fingerprints;
            using (var snapshot = ReadSqlite(database, Unwritten, () => SqliteSnapshot.Open(database, options.LockTimeout)))
            {
                version = ReadSqlite(database, Unwritten, snapshot.ReadSchemaVersion)
                    ?? throw new BackupException($"{database} is not a Keyhold database (it has no schema_version table). Nothing was written.");
                CheckSchemaVersion(version, database, "Nothing was written.");
                tables = ReadSqlite(database, Unwritten, snapshot.ReadTables);
                fingerprints = ReadSqlite(database, Unwritten, snapshot.ReadRootKeyFingerprints);
                ReadSqlite(database, Unwritten, () =>
                {
                    snapshot.CopyTo(copy);
                    return true;
                });
            }

            var fingerprint = RootKeyFingerprintOf(fingerprints, database, options.IncludedRootKey);
            var manifest = new BackupManifest
            {
                Format = BackupManifest.CurrentFormat,
                KeyholdVersion = options.KeyholdVersion,
                SchemaVersion = version,
                CreatedAt = createdAt,
                RootKeyFingerprint = fingerprint,
                IncludesRootKey = options.IncludedRootKey is not null,
                Database = BackupDatabaseCheck.HashFile(copy),
                Tables = [.. tables.Select(t => new BackupTable(t.Name, t.Rows))],
            };

            // The copy must be exactly the snapshot that was counted.
            var problems = ReadSqlite(copy, Unwritten, () => BackupDatabaseCheck.Inspect(copy, options.LockTimeout)).Compare(manifest);
            if (problems.Count > 0)
            {
                throw new BackupException($"The copy of {database} does not match its snapshot: {string.Join("; ", problems)}. Nothing was written.");
            }

            var archive = Path.Combine(staging, "backup.tar");
            BackupArchive.Write(archive, manifest.ToJson(), copy, options.IncludedRootKey?.Contents, createdAt);
            File.Move(archive, output, overwrite: false);
            return manifest;
        }
        finally
        {
            DeleteStagingDirectory(staging);
        }
    }

    /// <summary>
    /// The fingerprint for the manifest: the one the database's domain keys are wrapped under; a root key to include
    /// must be that one. Before the first start there are no domain keys, and the included key (if any) is recorded.
    /// </summary>
    private static string? RootKeyFingerprintOf(IReadOnlyList<string> fingerprints, string database, BackupRootKey? included)
    {
        if (fingerprints.Count > 1)
        {
            throw new BackupException(
                $"The domain keys of {database} are wrapped under different root keys ({string.Join(", ", fingerprints)}); the database is damaged. Nothing was written.");
        }

        var fingerprint = fingerprints.Count == 1 ? fingerprints[0] : included?.Fingerprint;
        if (included is not null && !string.Equals(included.Fingerprint, fingerprint, StringComparison.Ordinal))
        {
            throw new BackupException(
                $"The root key to include (fingerprint {included.Fingerprint}) does not open {database}, whose domain keys are wrapped under the root key "
                + $"with fingerprint {fingerprint}. Nothing was written.");
        }

        return fingerprint;
    }

    private static void CheckSchemaVersion(int version, string source, string outcome)
    {
        if (version < 1 || version > SqliteMigrations.Latest)
        {
            throw new BackupException(string.Create(
                CultureInfo.InvariantCulture,
                $"{source} has schema version {version}, but this Keyhold knows schema versions 1 to {SqliteMigrations.Latest}: use the Keyhold that wrote it, or a newer one. {outcome}"));
        }
    }

    /// <summary>Runs a read of a SQLite file, reporting a locked, corrupt or unreadable file in the store's words.</summary>
    private static T ReadSqlite<T>(string path, string outcome, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (SqliteException ex) when (SqliteErrors.TryTranslate(ex, "Reading the database", path, out var translated))
        {
            throw new BackupException($"{translated.Message} {outcome}", ex);
        }
    }

    /// <summary>A new directory only the owner can enter, in <paramref name="parent"/> so that moving out of it is a rename.</summary>
    private static string CreateStagingDirectory(string parent, string prefix)
    {
        var path = Path.Combine(parent, prefix + Guid.NewGuid().ToString("N")[..12]);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    private static void DeleteStagingDirectory(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: the directory is private (0700) and named after keyhold, so a leftover is harmless and obvious.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }
}

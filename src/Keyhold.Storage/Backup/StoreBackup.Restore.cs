using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Keyhold.Storage.Backup;

public static partial class StoreBackup
{
    private const string Unrestored = "Nothing was restored.";

    /// <summary>
    /// Restores a backup into an empty or new data directory and returns its manifest; throws
    /// <see cref="BackupException"/> (with the data directory untouched) if the directory is not empty, the archive is
    /// damaged or does not match its manifest, or the root key is missing or is not the one the data is sealed under.
    /// </summary>
    public static BackupManifest Restore(StoreRestoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.InputPath, nameof(options));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DataDirectory, nameof(options));
        var input = Path.GetFullPath(options.InputPath);
        var dataDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.DataDirectory));
        if (!File.Exists(input))
        {
            throw new BackupException($"There is no backup file {input}. {Unrestored}");
        }

        RefuseNonEmpty(dataDirectory);
        var parent = Path.GetDirectoryName(dataDirectory)
            ?? throw new BackupException($"Cannot restore into {dataDirectory}: give a directory below the file system's root. {Unrestored}");
        Directory.CreateDirectory(parent);

        // Extracted and checked beside the target, so that the final step is a rename within one file system.
        var staging = CreateStagingDirectory(parent, ".keyhold-restore-");
        try
        {
            var database = Path.Combine(staging, DatabaseFileName);
            var (manifestJson, archivedRootKey) = BackupArchive.Extract(input, database);
            var manifest = BackupManifest.Parse(manifestJson);
            if (manifest.IncludesRootKey != archivedRootKey is not null)
            {
                throw new BackupException(
                    $"The backup {input} is damaged: its manifest says the root key is {(manifest.IncludesRootKey ? "included" : "not included")}, but the archive "
                    + $"{(archivedRootKey is null ? "lacks" : "holds")} it. {Unrestored}");
            }

            CheckSchemaVersion(manifest.SchemaVersion, $"The backup {input}", Unrestored);
            CheckDatabase(database, manifest, input);
            var rootKey = ChooseRootKey(manifest, archivedRootKey, options);
            WriteOwnerOnly(Path.Combine(staging, RootKeyFileName), rootKey);

            // Checked once more just before the move: someone may have started a server there meanwhile.
            RefuseNonEmpty(dataDirectory);
            if (Directory.Exists(dataDirectory))
            {
                foreach (var file in Directory.GetFiles(staging))
                {
                    File.Move(file, Path.Combine(dataDirectory, Path.GetFileName(file)), overwrite: false);
                }
            }
            else
            {
                Directory.Move(staging, dataDirectory);
            }

            return manifest;
        }
        catch (Exception ex) when (ex is not BackupException and (IOException or UnauthorizedAccessException))
        {
            throw new BackupException($"Restoring into {dataDirectory} failed: {ex.Message}", ex);
        }
        finally
        {
            DeleteStagingDirectory(staging);
        }
    }

    private static void RefuseNonEmpty(string dataDirectory)
    {
        if (File.Exists(dataDirectory))
        {
            throw new BackupException($"{dataDirectory} is a file, not a data directory. {Unrestored}");
        }

        if (Directory.Exists(dataDirectory) && Directory.EnumerateFileSystemEntries(dataDirectory).Any())
        {
            throw new BackupException(
                $"{dataDirectory} is not empty: keyhold restore only restores into an empty or new directory, and never replaces an installation. {Unrestored}");
        }
    }

    private static void CheckDatabase(string database, BackupManifest manifest, string input)
    {
        // The hash first: a damaged file is reported as such before SQLite is asked to read it.
        var file = BackupDatabaseCheck.HashFile(database);
        if (file != manifest.Database)
        {
            throw new BackupException(string.Create(
                CultureInfo.InvariantCulture,
                $"The database in the backup {input} has {file.Bytes} bytes and SHA-256 {file.Sha256}, but the manifest says {manifest.Database.Bytes} bytes and {manifest.Database.Sha256}: the backup is damaged. {Unrestored}"));
        }

        List<string> problems;
        try
        {
            problems = BackupDatabaseCheck.Inspect(database, TimeSpan.FromSeconds(5)).Compare(manifest);
        }
        catch (SqliteException ex)
        {
            throw new BackupException($"The database in the backup {input} cannot be read ({ex.Message}): the backup is damaged. {Unrestored}", ex);
        }

        if (problems.Count > 0)
        {
            throw new BackupException($"The backup {input} does not match its manifest: {string.Join("; ", problems)}. It is damaged. {Unrestored}");
        }
    }

    /// <summary>
    /// The root key to write: the archive's own, or the operator's. Either must have the manifest's fingerprint
    /// (the one the domain keys are wrapped under); without a root key the data could never be opened.
    /// </summary>
    private static byte[] ChooseRootKey(BackupManifest manifest, byte[]? archived, StoreRestoreOptions options)
    {
        var expected = manifest.RootKeyFingerprint;
        if (archived is not null)
        {
            var archivedFingerprint = options.FingerprintOf(archived);
            if (expected is not null && !string.Equals(archivedFingerprint, expected, StringComparison.Ordinal))
            {
                throw new BackupException(
                    $"The root key in the backup has fingerprint {archivedFingerprint}, but its data is sealed under {expected}: the backup is damaged. {Unrestored}");
            }
        }

        if (options.RootKey is { } given)
        {
            if (expected is not null && !string.Equals(given.Fingerprint, expected, StringComparison.Ordinal))
            {
                throw new BackupException(
                    $"The root key given has fingerprint {given.Fingerprint}, but the backup's data is sealed under the root key with fingerprint {expected}: "
                    + $"it is not this installation's root key. Give the root.key that was in the data directory when the backup was taken. {Unrestored}");
            }

            return given.Contents;
        }

        return archived ?? throw new BackupException(
            $"The backup does not include the root key. Give the installation's root.key (fingerprint {expected ?? "any"}) with --root-key FILE: "
            + $"without it no key in the backup can be opened. {Unrestored}");
    }

    private static void WriteOwnerOnly(string path, byte[] contents)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.WriteThrough };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        stream.Write(contents);
        stream.Flush(flushToDisk: true);
    }
}

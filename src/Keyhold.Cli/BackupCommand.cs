using System.CommandLine;
using System.Globalization;
using System.Reflection;
using Keyhold.Cli.Output;
using Keyhold.Crypto.RootKeys;
using Keyhold.Server.Hosting;
using Keyhold.Storage.Backup;

namespace Keyhold.Cli;

/// <summary>
/// <c>keyhold backup --data DIR --output FILE [--include-root-key]</c>: an online, consistent backup of a SQLite
/// installation with <see cref="StoreBackup"/>, safe while the server runs (docs/operations/backup.md). PostgreSQL
/// installations are pointed to pg_dump.
/// </summary>
internal static class BackupCommand
{
    internal const int Refused = 2;

    public static Command Create()
    {
        var defaults = new KeyholdOptions();
        var data = new Option<string>("--data")
        {
            Description = $"Data directory of the installation (env KEYHOLD_DATA; default {defaults.DataDirectory}). Only read; the server may keep running.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("KEYHOLD_DATA") ?? defaults.DataDirectory,
        };
        var output = new Option<string>("--output")
        {
            Required = true,
            HelpName = "FILE",
            Description = "The backup file to write (a tar archive, mode 0600); it must not exist.",
        };
        var includeRootKey = new Option<bool>("--include-root-key")
        {
            Description = "Also put root.key into the backup. The file then opens every key: protect it like the root key itself.",
        };
        var storage = new Option<string>("--storage")
        {
            Description = $"The installation's key store (env KEYHOLD_STORAGE; default {defaults.Storage}). keyhold backup copies SQLite; PostgreSQL is backed up with pg_dump.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("KEYHOLD_STORAGE") ?? defaults.Storage,
        };
        storage.AcceptOnlyFromAmong(StorageKinds.Sqlite, StorageKinds.Postgres);
        var command = new Command("backup", "Write a consistent backup of a SQLite installation, safe while the server is running.")
        {
            data, output, includeRootKey, storage,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var dataDirectory = Path.GetFullPath(parse.GetValue(data)!);
            if (parse.GetValue(storage) == StorageKinds.Postgres)
            {
                await stderr.WriteLineAsync(PostgresAdvice(dataDirectory)).ConfigureAwait(false);
                return Refused;
            }

            var outputPath = Path.GetFullPath(parse.GetValue(output)!);
            var rootKeyPath = Path.Combine(dataDirectory, "root.key");
            try
            {
                var included = parse.GetValue(includeRootKey) ? ReadRootKey(rootKeyPath) : null;
                var manifest = StoreBackup.Create(
                    new StoreBackupOptions { DataDirectory = dataDirectory, OutputPath = outputPath, KeyholdVersion = Version, IncludedRootKey = included },
                    TimeProvider.System);
                WriteSummary(stdout, manifest, dataDirectory, outputPath);
                if (included is not null)
                {
                    await stderr.WriteLineAsync(
                        $"keyhold: WARNING: {outputPath} CONTAINS THE ROOT KEY. Anyone who can read it can decrypt every key it holds. "
                        + "Protect it exactly like root.key: encrypted, offline, readable by as few people as possible, never beside ordinary backups.").ConfigureAwait(false);
                }
                else
                {
                    await WriteRootKeyAdviceAsync(stdout, stderr, rootKeyPath, manifest.RootKeyFingerprint).ConfigureAwait(false);
                }

                return 0;
            }
            catch (Exception ex) when (ex is BackupException or RootKeyMismatchException or IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"keyhold: backup failed: {ex.Message}").ConfigureAwait(false);
                return Refused;
            }
        });
        return command;
    }

    /// <summary>The informational version of this keyhold, recorded in the manifest.</summary>
    internal static string Version =>
        typeof(BackupCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    internal static string PostgresAdvice(string dataDirectory) =>
        "keyhold: backup copies SQLite installations only. This installation keeps its keys in PostgreSQL: back the database up with "
        + "PostgreSQL's own tools (pg_dump --format=custom for a logical dump, or base backups with WAL archiving for point-in-time recovery; "
        + "https://www.postgresql.org/docs/current/backup.html). The dump holds key material wrapped under the root key, so keep "
        + $"{Path.Combine(dataDirectory, "root.key")} too, separately and offline: without it no dump can be opened. See docs/operations/backup.md.";

    private static BackupRootKey ReadRootKey(string path)
    {
        if (!File.Exists(path))
        {
            throw new BackupException($"--include-root-key: there is no root key {path}. Nothing was written.");
        }

        using var provider = FileRootKeyProvider.Load(path);
        return new BackupRootKey(File.ReadAllBytes(path), provider.Fingerprint);
    }

    private static void WriteSummary(TextWriter output, BackupManifest manifest, string dataDirectory, string outputPath)
    {
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Backed up {Path.Combine(dataDirectory, "keyhold.db")} (schema version {manifest.SchemaVersion}) to {outputPath}"));
        var table = new TextTable("TABLE", "ROWS");
        foreach (var row in manifest.Tables)
        {
            table.AddRow(row.Name, row.Rows.ToString(CultureInfo.InvariantCulture));
        }

        table.WriteTo(output);
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{manifest.Tables.Count} tables, {manifest.TotalRows} rows, {manifest.Database.Bytes} bytes; root key fingerprint {manifest.RootKeyFingerprint ?? "none"}; verified."));
    }

    private static async Task WriteRootKeyAdviceAsync(TextWriter output, TextWriter error, string rootKeyPath, string? fingerprint)
    {
        string? actual = null;
        if (File.Exists(rootKeyPath))
        {
            try
            {
                using var provider = FileRootKeyProvider.Load(rootKeyPath);
                actual = provider.Fingerprint;
            }
            catch (RootKeyMismatchException)
            {
                // Reported below as not matching.
            }
        }

        if (fingerprint is not null && !string.Equals(actual, fingerprint, StringComparison.Ordinal))
        {
            await error.WriteLineAsync(
                $"keyhold: WARNING: {rootKeyPath} is missing or is not the root key this data is sealed under (fingerprint {fingerprint}). "
                + "Find the right root.key and keep it safe: the backup cannot be restored without it.").ConfigureAwait(false);
            return;
        }

        await output.WriteLineAsync(
            $"The root key is not in the backup. Keep {rootKeyPath} (fingerprint {fingerprint ?? actual ?? "none"}) separately and offline: "
            + "keyhold restore --root-key needs it, and losing it loses every key.").ConfigureAwait(false);
    }
}

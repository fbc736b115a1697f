using System.CommandLine;
using System.Globalization;
using System.Text;
using Keyhold.Cli.Output;
using Keyhold.Crypto.RootKeys;
using Keyhold.Storage.Backup;

namespace Keyhold.Cli;

/// <summary>
/// <c>keyhold restore --input FILE --data DIR [--root-key FILE]</c>: restores a <c>keyhold backup</c> archive into an
/// empty or new data directory with <see cref="StoreBackup"/>, after checking the archive against its manifest and
/// the root key against the fingerprint the data is sealed under (docs/operations/backup.md).
/// </summary>
internal static class RestoreCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input")
        {
            Required = true,
            HelpName = "FILE",
            Description = "The backup file keyhold backup wrote.",
        };
        var data = new Option<string>("--data")
        {
            Required = true,
            HelpName = "DIR",
            Description = "The data directory to restore into: it must not exist or be empty.",
        };
        var rootKey = new Option<string?>("--root-key")
        {
            HelpName = "FILE",
            Description = "The installation's root.key, copied in (mode 0600) after its fingerprint is checked. Required unless the backup includes the root key.",
        };
        var command = new Command("restore", "Restore a backup into an empty data directory, after verifying it and the root key.") { input, data, rootKey };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var dataDirectory = Path.GetFullPath(parse.GetValue(data)!);
            var rootKeyPath = parse.GetValue(rootKey) is { } given ? Path.GetFullPath(given) : null;
            try
            {
                var manifest = StoreBackup.Restore(new StoreRestoreOptions
                {
                    InputPath = parse.GetValue(input)!,
                    DataDirectory = dataDirectory,
                    RootKey = rootKeyPath is null ? null : ReadRootKey(rootKeyPath),
                    FingerprintOf = FingerprintOfArchived,
                });
                WriteSummary(stdout, manifest, dataDirectory, rootKeyPath);
                return 0;
            }
            catch (Exception ex) when (ex is BackupException or RootKeyMismatchException or IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"keyhold: restore failed: {ex.Message}").ConfigureAwait(false);
                return BackupCommand.Refused;
            }
        });
        return command;
    }

    private static BackupRootKey ReadRootKey(string path)
    {
        if (!File.Exists(path))
        {
            throw new BackupException($"--root-key: there is no file {path}. Nothing was restored.");
        }

        try
        {
            using var provider = FileRootKeyProvider.Load(path);
            return new BackupRootKey(File.ReadAllBytes(path), provider.Fingerprint);
        }
        catch (RootKeyMismatchException ex)
        {
            throw new BackupException($"--root-key: {ex.Message} Nothing was restored.", ex);
        }
    }

    private static string FingerprintOfArchived(byte[] contents)
    {
        try
        {
            using var provider = FileRootKeyProvider.Parse(Encoding.ASCII.GetString(contents), "root.key in the backup");
            return provider.Fingerprint;
        }
        catch (RootKeyMismatchException ex)
        {
            throw new BackupException($"{ex.Message} The backup is damaged. Nothing was restored.", ex);
        }
    }

    private static void WriteSummary(TextWriter output, BackupManifest manifest, string dataDirectory, string? rootKeyPath)
    {
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Restored a backup taken {manifest.CreatedAt:yyyy-MM-ddTHH:mm:ssZ} by keyhold {manifest.KeyholdVersion} (schema version {manifest.SchemaVersion}) into {dataDirectory}"));
        var table = new TextTable("TABLE", "ROWS");
        foreach (var row in manifest.Tables)
        {
            table.AddRow(row.Name, row.Rows.ToString(CultureInfo.InvariantCulture));
        }

        table.WriteTo(output);
        var source = rootKeyPath ?? "the backup";
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{manifest.Tables.Count} tables, {manifest.TotalRows} rows; verified. root.key from {source} (fingerprint {manifest.RootKeyFingerprint ?? "not recorded"})."));
        output.WriteLine(
            $"Start it with: keyhold serve --data {dataDirectory}. Clients keep their access keys; admin-credentials is not part of a backup.");
    }
}

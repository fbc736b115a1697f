using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using Keyhold.Cli.Client;
using Keyhold.Cli.Output;
using Keyhold.Core.Storage;
using Keyhold.Storage.Migration;

namespace Keyhold.Cli;

/// <summary>
/// <c>keyhold migrate --from sqlite:PATH --to postgres:CONN</c>: copies a SQLite installation into an empty PostgreSQL
/// database with <see cref="StoreMigrator"/>, then prints each table's verified row count (docs/operations/migrate.md).
/// The connection string is never printed, only host:port/database.
/// </summary>
internal static class MigrateCommand
{
    private const string SqlitePrefix = "sqlite:";
    private const string PostgresPrefix = "postgres:";

    public static Command Create()
    {
        var from = new Option<string>("--from")
        {
            Required = true,
            HelpName = "sqlite:PATH",
            Description = "The SQLite installation: sqlite: and its keyhold.db file or the data directory holding it. Only read; a running server may keep using it.",
        };
        var to = new Option<string>("--to")
        {
            Required = true,
            HelpName = "postgres:CONN",
            Description = "The target: postgres: and an Npgsql connection string (Host=…;Database=…;Username=…;Password=…) of an empty database.",
        };
        var command = new Command("migrate", "Copy a SQLite installation into an empty PostgreSQL database, in one transaction, and verify the copy.") { from, to };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            try
            {
                var migrator = new StoreMigrator(new StoreMigratorOptions
                {
                    SqlitePath = WithoutPrefix(parse.GetValue(from)!, SqlitePrefix, "--from", "sqlite:PATH (the keyhold.db file or its data directory)"),
                    PostgresConnectionString = WithoutPrefix(parse.GetValue(to)!, PostgresPrefix, "--to", "postgres:CONNECTION-STRING"),
                });
                await output.WriteLineAsync($"Copying {migrator.SourcePath} into PostgreSQL {migrator.Target}").ConfigureAwait(false);
                var result = await migrator.MigrateAsync(cancellationToken).ConfigureAwait(false);
                WriteSummary(output, result, migrator.SourcePath);
                return 0;
            }
            catch (Exception ex) when (ex is CliException or StoreMigrationException or StoreUnavailableException or StoreConflictException or DbException)
            {
                // Every one of these messages names the server as host:port/database, never the connection string.
                await error.WriteLineAsync($"keyhold: migrate failed: {ex.Message}").ConfigureAwait(false);
                return ClientAction.Failed;
            }
        });
        return command;
    }

    private static string WithoutPrefix(string value, string prefix, string option, string expected)
    {
        if (!value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || value.Length == prefix.Length)
        {
            // The value is not echoed: a mistyped --to may well be a connection string with a password in it.
            throw new CliException($"{option} must be {expected}.");
        }

        return value[prefix.Length..];
    }

    private static void WriteSummary(TextWriter output, StoreMigrationResult result, string sourcePath)
    {
        var table = new TextTable("TABLE", "ROWS");
        foreach (var migrated in result.Tables)
        {
            table.AddRow(migrated.Name, migrated.Rows.ToString(CultureInfo.InvariantCulture));
        }

        table.WriteTo(output);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Migrated {result.Tables.Count} tables, {result.TotalRows} rows; verified."));
        output.WriteLine(
            $"Key material is still sealed under the same root key: start keyhold serve --storage postgres with a data directory holding "
            + $"the same root.key ({Path.Combine(Path.GetDirectoryName(sourcePath) ?? ".", "root.key")}). Keep {sourcePath} until the new setup is proven.");
    }
}

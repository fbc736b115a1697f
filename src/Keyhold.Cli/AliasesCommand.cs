using System.CommandLine;
using Keyhold.Cli.Client;
using Keyhold.Cli.Output;
using Keyhold.Cli.Wire;

namespace Keyhold.Cli;

/// <summary><c>keyhold aliases history ALIAS</c>: every change of an alias, oldest first (<c>KeyholdService.GetAliasHistory</c>).</summary>
internal static class AliasesCommand
{
    public static Command Create() => new("aliases", "Inspect aliases.") { CreateHistory() };

    private static Command CreateHistory()
    {
        var alias = new Argument<string>("alias") { Description = "The alias, e.g. alias/application-current." };
        var output = OutputFormat.CreateOption();
        var command = new Command("history", "Show every change of an alias: when, what it pointed at before and after, and by whom.") { alias, output };
        ClientAction.Set(command, new ClientOptions(), async context =>
        {
            using var api = new KeyholdApiClient(context.Connection);
            var response = await api.GetAliasHistoryAsync(context.Parse.GetValue(alias)!, context.CancellationToken).ConfigureAwait(false);
            if (context.Parse.GetValue(output) == OutputFormat.Json)
            {
                OutputFormat.WriteJson(context.Output, response);
            }
            else
            {
                WriteText(context.Output, response);
            }

            return 0;
        });
        return command;
    }

    private static void WriteText(TextWriter output, GetAliasHistoryResponse response)
    {
        output.WriteLine($"{response.AliasName} ({response.AliasArn})");
        var table = new TextTable("WHEN", "CHANGE", "TARGET", "PREVIOUS TARGET", "BY");
        foreach (var change in response.Changes)
        {
            table.AddRow(
                TextFormat.Timestamp(change.ChangedAt),
                change.Change,
                TextFormat.OrNone(change.TargetKeyId),
                TextFormat.OrNone(change.PreviousTargetKeyId),
                change.ChangedBy);
        }

        table.WriteTo(output);
    }
}

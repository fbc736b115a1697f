using System.CommandLine;
using Keyhold.Cli.Client;
using Keyhold.Cli.Output;
using Keyhold.Cli.Wire;

namespace Keyhold.Cli;

/// <summary>
/// <c>keyhold rotate-alias ALIAS</c>: the manual key rotation of AWS's Knowledge Center as one safe step on the
/// server (<c>KeyholdService.RotateAlias</c>): keep the current key under a dated alias, create a copy of it, point
/// the alias at the copy. A rerun after an interruption completes the same rotation; <c>--rollback</c> undoes it.
/// </summary>
internal static class RotateAliasCommand
{
    public static Command Create()
    {
        var alias = new Argument<string>("alias") { Description = "The alias to rotate, e.g. alias/application-current." };
        var datedAlias = new Option<string?>("--dated-alias")
        {
            HelpName = "NAME",
            Description = "Alias to keep on the current key, or a pattern such as alias/app-{date} or alias/app-{date:yyyy-MM-dd} (UTC) "
                + "(default: the alias with '-current' replaced by, or followed by, '-YYYYMMDD').",
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show the steps without changing anything." };
        var rollback = new Option<bool>("--rollback") { Description = "Point the alias back at the key it pointed at before its last change." };
        var output = OutputFormat.CreateOption();
        var command = new Command("rotate-alias", "Rotate an alias to a new key with the same settings, keeping the old key under a dated alias.")
        {
            alias, datedAlias, dryRun, rollback, output,
        };
        ClientAction.Set(command, new ClientOptions(), async context =>
        {
            var parse = context.Parse;
            var request = new RotateAliasRequest(parse.GetValue(alias)!, parse.GetValue(datedAlias), parse.GetValue(rollback) ? true : null, parse.GetValue(dryRun) ? true : null);
            if (request.Rollback == true && request.DatedAliasName is not null)
            {
                throw new CliException("--dated-alias cannot be used with --rollback.");
            }

            using var api = new KeyholdApiClient(context.Connection);
            var response = await api.RotateAliasAsync(request, context.CancellationToken).ConfigureAwait(false);
            if (parse.GetValue(output) == OutputFormat.Json)
            {
                OutputFormat.WriteJson(context.Output, response);
            }
            else
            {
                WriteText(context.Output, response, request.Rollback == true);
            }

            return 0;
        });
        return command;
    }

    internal static void WriteText(TextWriter output, RotateAliasResponse response, bool rollback)
    {
        foreach (var step in response.Steps)
        {
            output.WriteLine(Describe(step, response));
        }

        var again = $"keyhold rotate-alias {response.AliasName} --rollback";
        if (response.DryRun)
        {
            output.WriteLine($"dry run: nothing was changed; run again without --dry-run to {(rollback ? "roll back" : "rotate")}.");
        }
        else if (rollback)
        {
            output.WriteLine($"rolled back {response.AliasName} to {response.CurrentKeyId}; to undo: {again}");
        }
        else
        {
            output.WriteLine($"rotated {response.AliasName} to {response.CurrentKeyId}; to roll back: {again}");
        }
    }

    private static string Describe(RotateAliasStep step, RotateAliasResponse response)
    {
        var planned = step.Status == "Planned";
        var prefix = step.Status switch
        {
            "Planned" => "plan: ",
            "AlreadyDone" => "already done: ",
            _ => string.Empty,
        };
        var text = step.Action switch
        {
            "CreateDatedAlias" => $"{(planned ? "create" : "created")} {response.DatedAliasName} -> {response.PreviousKeyId}",
            "CreateKey" => $"{(planned ? "create" : "created")} key {response.CurrentKeyId} (copy of {response.PreviousKeyId}: spec, usage, description, key policy, tags)",
            "UpdateAlias" => $"{response.AliasName} -> {response.CurrentKeyId} (was {response.PreviousKeyId})",
            _ => step.Detail,
        };
        return prefix + text;
    }
}

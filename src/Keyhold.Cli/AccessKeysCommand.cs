using System.CommandLine;
using Keyhold.Cli.Client;
using Keyhold.Cli.Output;
using Keyhold.Cli.Wire;

namespace Keyhold.Cli;

/// <summary>
/// <c>keyhold access-keys create|list|activate|deactivate|delete</c>: access keys of a user, or of yourself
/// (<c>KeyholdService.CreateAccessKey</c> and friends). A new key's secret is shown once, as an AWS
/// shared-credentials profile written to a file (mode 0600) or printed.
/// </summary>
internal static class AccessKeysCommand
{
    public static Command Create() => new("access-keys", "Manage access keys.")
    {
        CreateCreate(), CreateList(), CreateStatus("activate", "Active"), CreateStatus("deactivate", "Inactive"), CreateDelete(),
    };

    private static Option<string?> UserOption(string description) => new("--user") { HelpName = "NAME", Description = description };

    private static Command CreateCreate()
    {
        var user = UserOption("The user to create the key for (default: yourself).");
        var outputFile = CredentialsProfile.CreateFileOption();
        var profileName = CredentialsProfile.CreateProfileOption("the user name, or keyhold for yourself");
        var command = new Command("create", "Create an access key and write it as an AWS credentials profile (the secret is shown only now).")
        {
            user, outputFile, profileName,
        };
        ClientAction.Set(command, new ClientOptions(), async context =>
        {
            using var api = new KeyholdApiClient(context.Connection);
            var userName = context.Parse.GetValue(user);
            var response = await api.CreateAccessKeyAsync(userName, context.CancellationToken).ConfigureAwait(false);
            var profile = context.Parse.GetValue(profileName) ?? response.AccessKey.UserName ?? CredentialsProfile.DefaultProfile;
            CredentialsProfile.Emit(context, response.AccessKey, profile, context.Parse.GetValue(outputFile));
            return 0;
        });
        return command;
    }

    private static Command CreateList()
    {
        var user = UserOption("The user whose keys to list (default: yours).");
        var output = OutputFormat.CreateOption();
        var command = new Command("list", "List access keys (never their secrets).") { user, output };
        ClientAction.Set(command, new ClientOptions(), async context =>
        {
            using var api = new KeyholdApiClient(context.Connection);
            var response = await api.ListAccessKeysAsync(context.Parse.GetValue(user), context.CancellationToken).ConfigureAwait(false);
            if (context.Parse.GetValue(output) == OutputFormat.Json)
            {
                OutputFormat.WriteJson(context.Output, response);
                return 0;
            }

            var table = new TextTable("ACCESS KEY ID", "USER", "STATUS", "CREATED");
            foreach (var key in response.AccessKeyMetadata)
            {
                table.AddRow(key.AccessKeyId, key.UserName ?? "(root)", key.Status, TextFormat.Timestamp(key.CreateDate));
            }

            table.WriteTo(context.Output);
            return 0;
        });
        return command;
    }

    private static Command CreateStatus(string verb, string status)
    {
        var id = new Argument<string>("access-key-id") { Description = "The access key id (AKIA…)." };
        var command = new Command(verb, status == "Active" ? "Let an inactive access key sign requests again." : "Stop an access key from signing requests (at once).") { id };
        ClientAction.Set(command, new ClientOptions(), async context =>
        {
            using var api = new KeyholdApiClient(context.Connection);
            var accessKeyId = context.Parse.GetValue(id)!;
            await api.UpdateAccessKeyAsync(accessKeyId, status, context.CancellationToken).ConfigureAwait(false);
            context.Output.WriteLine($"{verb}d {accessKeyId}");
            return 0;
        });
        return command;
    }

    private static Command CreateDelete()
    {
        var id = new Argument<string>("access-key-id") { Description = "The access key id (AKIA…)." };
        var command = new Command("delete", "Delete an access key for good (it stops working at once).") { id };
        ClientAction.Set(command, new ClientOptions(), async context =>
        {
            using var api = new KeyholdApiClient(context.Connection);
            var accessKeyId = context.Parse.GetValue(id)!;
            await api.DeleteAccessKeyAsync(accessKeyId, context.CancellationToken).ConfigureAwait(false);
            context.Output.WriteLine($"deleted {accessKeyId}");
            return 0;
        });
        return command;
    }
}

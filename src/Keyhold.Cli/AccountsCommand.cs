using System.CommandLine;
using Keyhold.Cli.Client;

namespace Keyhold.Cli;

/// <summary>
/// <c>keyhold accounts create</c>: a new account with an access key for its root (<c>KeyholdService.CreateAccount</c>;
/// only the root of the installation's first account may). The root's credentials are shown once, as a profile.
/// </summary>
internal static class AccountsCommand
{
    public static Command Create() => new("accounts", "Manage accounts (installation administrator only).") { CreateCreate() };

    private static Command CreateCreate()
    {
        var outputFile = CredentialsProfile.CreateFileOption();
        var profileName = CredentialsProfile.CreateProfileOption(CredentialsProfile.DefaultProfile);
        var command = new Command("create", "Create an account and its root's access key, written as an AWS credentials profile.") { outputFile, profileName };
        ClientAction.Set(command, new ClientOptions(), async context =>
        {
            using var api = new KeyholdApiClient(context.Connection);
            var response = await api.CreateAccountAsync(context.CancellationToken).ConfigureAwait(false);
            var file = context.Parse.GetValue(outputFile);
            if (file is not null)
            {
                context.Output.WriteLine($"created account {response.AccountId} ({response.Arn})");
            }

            CredentialsProfile.Emit(context, response.AccessKey, context.Parse.GetValue(profileName) ?? CredentialsProfile.DefaultProfile, file);
            return 0;
        });
        return command;
    }
}

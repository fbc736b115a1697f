using System.CommandLine;
using Keyhold.Cli.Client;
using Keyhold.Cli.Output;
using Keyhold.Cli.Wire;

namespace Keyhold.Cli;

/// <summary>
/// <c>keyhold users create|list|delete|put-policy|get-policy</c>: the IAM-style users of the caller's account and their
/// inline identity policies (<c>KeyholdService.CreateUser</c> and friends).
/// </summary>
internal static class UsersCommand
{
    public const string DefaultPolicyName = "default";

    public static Command Create() => new("users", "Manage the users of your account and their identity policies.")
    {
        CreateCreate(), CreateList(), CreateDelete(), CreatePutPolicy(), CreateGetPolicy(),
    };

    private static Argument<string> UserArgument() => new("name") { Description = "The user name (1-64 of A-Z a-z 0-9 + = , . @ _ -)." };

    private static Option<string> PolicyNameOption() => new("--policy-name")
    {
        HelpName = "NAME",
        Description = $"The inline policy's name (default {DefaultPolicyName}).",
        DefaultValueFactory = _ => DefaultPolicyName,
    };

    private static Command CreateCreate()
    {
        var name = UserArgument();
        var output = OutputFormat.CreateOption();
        var command = new Command("create", "Create a user (no permissions until you give it a policy, no access keys).") { name, output };
        ClientAction.Set(command, new ClientOptions(), async context =>
        {
            using var api = new KeyholdApiClient(context.Connection);
            var response = await api.CreateUserAsync(context.Parse.GetValue(name)!, context.CancellationToken).ConfigureAwait(false);
            if (context.Parse.GetValue(output) == OutputFormat.Json)
            {
                OutputFormat.WriteJson(context.Output, response);
            }
            else
            {
                context.Output.WriteLine($"created user {response.User.UserName} ({response.User.Arn}, id {response.User.UserId})");
            }

            return 0;
        });
        return command;
    }

    private static Command CreateList()
    {
        var output = OutputFormat.CreateOption();
        var command = new Command("list", "List the users of your account.") { output };
        ClientAction.Set(command, new ClientOptions(), async context =>
        {
            using var api = new KeyholdApiClient(context.Connection);
            var response = await api.ListUsersAsync(context.CancellationToken).ConfigureAwait(false);
            if (context.Parse.GetValue(output) == OutputFormat.Json)
            {
                OutputFormat.WriteJson(context.Output, response);
                return 0;
            }

            var table = new TextTable("USER", "USER ID", "ARN", "CREATED");
            foreach (var user in response.Users)
            {
                table.AddRow(user.UserName, user.UserId, user.Arn, TextFormat.Timestamp(user.CreateDate));
            }

            table.WriteTo(context.Output);
            return 0;
        });
        return command;
    }

    private static Command CreateDelete()
    {
        var name = UserArgument();
        var command = new Command("delete", "Delete a user with its access keys and policies; its keys stop working at once.") { name };
        ClientAction.Set(command, new ClientOptions(), async context =>
        {
            using var api = new KeyholdApiClient(context.Connection);
            var userName = context.Parse.GetValue(name)!;
            await api.DeleteUserAsync(userName, context.CancellationToken).ConfigureAwait(false);
            context.Output.WriteLine($"deleted user {userName}");
            return 0;
        });
        return command;
    }

    private static Command CreatePutPolicy()
    {
        var name = UserArgument();
        var file = new Argument<FileInfo>("file") { Description = "The IAM policy document (JSON), e.g. allowing kms:Encrypt on a key ARN." };
        var policyName = PolicyNameOption();
        var command = new Command("put-policy", "Give a user an identity policy (adds it, or replaces the one of that name).") { name, file, policyName };
        ClientAction.Set(command, new ClientOptions(), async context =>
        {
            var path = context.Parse.GetValue(file)!;
            string document;
            try
            {
                document = await File.ReadAllTextAsync(path.FullName, context.CancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"Cannot read {path}: {ex.Message}", ex);
            }

            using var api = new KeyholdApiClient(context.Connection);
            var userName = context.Parse.GetValue(name)!;
            var policy = context.Parse.GetValue(policyName)!;
            await api.PutUserPolicyAsync(userName, policy, document, context.CancellationToken).ConfigureAwait(false);
            context.Output.WriteLine($"put policy {policy} on user {userName}");
            return 0;
        });
        return command;
    }

    private static Command CreateGetPolicy()
    {
        var name = UserArgument();
        var policyName = PolicyNameOption();
        var output = OutputFormat.CreateOption();
        var command = new Command("get-policy", "Print one of a user's identity policies, and the names of all of them.") { name, policyName, output };
        ClientAction.Set(command, new ClientOptions(), async context =>
        {
            using var api = new KeyholdApiClient(context.Connection);
            var response = await api.GetUserPolicyAsync(context.Parse.GetValue(name)!, context.Parse.GetValue(policyName)!, context.CancellationToken).ConfigureAwait(false);
            if (context.Parse.GetValue(output) == OutputFormat.Json)
            {
                OutputFormat.WriteJson(context.Output, response);
            }
            else
            {
                context.Output.WriteLine(response.PolicyDocument);
            }

            return 0;
        });
        return command;
    }
}

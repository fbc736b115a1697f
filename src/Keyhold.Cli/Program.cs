using System.CommandLine;

namespace Keyhold.Cli;

/// <summary>Entry point of the <c>keyhold</c> command.</summary>
internal static class Program
{
    public static Task<int> Main(string[] args) => CreateRootCommand().Parse(args).InvokeAsync();

    /// <summary>Every command; the tests invoke it in-process with their own output writers.</summary>
    internal static RootCommand CreateRootCommand() =>
        new("Keyhold: a self-hosted key management service that speaks the AWS KMS API.")
        {
            ServeCommand.Create(),
            StatusCommand.Create(),
            RotateAliasCommand.Create(),
            AliasesCommand.Create(),
            KeysCommand.Create(),
            ReEncryptCommand.Create(),
            AuditCommand.Create(),
            MigrateCommand.Create(),
            BackupCommand.Create(),
            RestoreCommand.Create(),
            UsersCommand.Create(),
            AccessKeysCommand.Create(),
            AccountsCommand.Create(),
            ProfileCommand.Create(),
        };
}

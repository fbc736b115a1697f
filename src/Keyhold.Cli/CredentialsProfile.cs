using System.CommandLine;
using Keyhold.Cli.Client;
using Keyhold.Cli.Wire;
using Keyhold.Server.Accounts;

namespace Keyhold.Cli;

/// <summary>
/// How <c>access-keys create</c> and <c>accounts create</c> hand over a new secret: as an AWS shared-credentials
/// profile (with the region), written owner-only to <c>--output-file</c>, or printed when no file is given.
/// </summary>
internal static class CredentialsProfile
{
    public const string DefaultProfile = "keyhold";

    public static Option<FileInfo?> CreateFileOption() => new("--output-file")
    {
        HelpName = "FILE",
        Description = "Write the credentials profile to this file (mode 0600, replaced if it exists) instead of printing it.",
    };

    public static Option<string?> CreateProfileOption(string defaultText) => new("--profile-name")
    {
        HelpName = "NAME",
        Description = $"The profile's name (default: {defaultText}).",
    };

    public static void Emit(CommandContext context, AccessKey key, string profile, FileInfo? file)
    {
        if (file is null)
        {
            context.Output.Write(SharedCredentialsFile.Format(profile, key.AccessKeyId, key.SecretAccessKey, context.Connection.Region));
            return;
        }

        try
        {
            SharedCredentialsFile.Write(file.FullName, profile, key.AccessKeyId, key.SecretAccessKey, context.Connection.Region);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The key exists but its secret is lost: say which key, so it can be deleted.
            throw new CliException($"Created {key.AccessKeyId} but cannot write {file.FullName}: {ex.Message} Delete the key with: keyhold access-keys delete {key.AccessKeyId}", ex);
        }

        context.Output.WriteLine($"created {key.AccessKeyId} for {key.UserName ?? "the root of account " + key.AccountId}; wrote profile {profile} to {file.FullName}");
        context.Output.WriteLine($"use it with: AWS_SHARED_CREDENTIALS_FILE={file.FullName} AWS_PROFILE={profile}");
    }
}

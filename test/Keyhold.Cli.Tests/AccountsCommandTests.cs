using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime.CredentialManagement;
using Keyhold.Cli.Tests.Infrastructure;

namespace Keyhold.Cli.Tests;

/// <summary><c>keyhold accounts create</c>: a new account whose root profile is written owner-only and works at once.</summary>
[Collection(SharedCliServer.Name)]
public sealed class AccountsCommandTests(CliServer server) : IDisposable
{
    private readonly DirectoryInfo _files = Directory.CreateTempSubdirectory("keyhold-accounts-");

    [Fact]
    public async Task AccountsCreate_WritesRootProfile0600_ThatActsInTheNewAccountOnly()
    {
        var file = Path.Combine(_files.FullName, "tenant");

        var result = await server.RunAsync("accounts", "create", "--output-file", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        var match = System.Text.RegularExpressions.Regex.Match(result.OutputLines[0], "^created account ([1-9][0-9]{11}) \\(arn:aws:iam::([0-9]{12}):root\\)$");
        Assert.True(match.Success, result.ToString());
        var accountId = match.Groups[1].Value;
        Assert.Equal(accountId, match.Groups[2].Value);
        Assert.NotEqual(server.AccountId, accountId);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, FileModes.Of(file));

        var profiles = new CredentialProfileStoreChain(file);
        Assert.True(profiles.TryGetProfile("keyhold", out var profile));
        using var tenant = new AmazonKeyManagementServiceClient(profile.GetAWSCredentials(profiles), new AmazonKeyManagementServiceConfig { ServiceURL = server.Endpoint.ToString(), AuthenticationRegion = CliServer.Region, MaxErrorRetry = 0 });
        var key = (await tenant.CreateKeyAsync(new CreateKeyRequest()).WithTimeout()).KeyMetadata;
        Assert.Equal($"arn:aws:kms:{CliServer.Region}:{accountId}:key/{key.KeyId}", key.Arn);

        // The new account's root is not the installation administrator.
        var credentials = profile.Options;
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", credentials.AccessKey);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", credentials.SecretKey);
        try
        {
            var denied = await CliServer.RunWithoutConnectionAsync("accounts", "create", "--endpoint-url", server.Endpoint.ToString(), "--region", CliServer.Region);
            Assert.Equal(1, denied.ExitCode);
            Assert.Equal(
                $"keyhold: AccessDeniedException: User: arn:aws:iam::{accountId}:root is not authorized to perform: iam:CreateAccount because only the root of the installation's first account may",
                Assert.Single(denied.ErrorLines));
        }
        finally
        {
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", null);
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", null);
        }
    }

    public void Dispose() => _files.Delete(recursive: true);
}

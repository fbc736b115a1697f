using System.Text.Json;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime.CredentialManagement;
using Keyhold.Cli.Tests.Infrastructure;
using static Keyhold.Cli.Tests.AliasesCommandTests;

namespace Keyhold.Cli.Tests;

/// <summary><c>keyhold access-keys …</c>: create (to a 0600 profile file or stdout), list, deactivate, activate, delete.</summary>
[Collection(SharedCliServer.Name)]
public sealed class AccessKeysCommandTests(CliServer server) : IDisposable
{
    private readonly DirectoryInfo _files = Directory.CreateTempSubdirectory("keyhold-keys-");

    [Fact]
    public async Task AccessKeys_CreateListDeactivateActivateDelete_EndToEnd()
    {
        var name = "erin-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(0, (await server.RunAsync("users", "create", name)).ExitCode);
        var file = Path.Combine(_files.FullName, "erin");

        var created = await server.RunAsync("access-keys", "create", "--user", name, "--output-file", file, "--profile-name", "erin");
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.StartsWith($"created AKIA", created.OutputLines[0], StringComparison.Ordinal);
        Assert.EndsWith($"for {name}; wrote profile erin to {file}", created.OutputLines[0], StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, FileModes.Of(file));
        var profiles = new CredentialProfileStoreChain(file);
        Assert.True(profiles.TryGetProfile("erin", out var profile));
        Assert.Equal(CliServer.Region, profile.Region.SystemName);
        var accessKeyId = profile.Options.AccessKey;

        // A user with no policy is still authenticated: the call is refused by authorization, not authentication.
        using var asUser = new AmazonKeyManagementServiceClient(profile.GetAWSCredentials(profiles), new AmazonKeyManagementServiceConfig { ServiceURL = server.Endpoint.ToString(), AuthenticationRegion = CliServer.Region, MaxErrorRetry = 0 });
        Assert.Equal("AccessDeniedException", (await Assert.ThrowsAsync<AmazonKeyManagementServiceException>(() => ListAsync(asUser))).ErrorCode);

        var printed = await server.RunAsync("access-keys", "create", "--user", name);
        Assert.True(printed.ExitCode == 0, printed.ToString());
        Assert.Equal($"[{name}]", printed.OutputLines[0]);
        Assert.StartsWith("aws_access_key_id = AKIA", printed.OutputLines[1], StringComparison.Ordinal);
        Assert.Matches("^aws_secret_access_key = .{40}$", printed.OutputLines[2]);
        Assert.Equal($"region = {CliServer.Region}", printed.OutputLines[3]);

        var list = await server.RunAsync("access-keys", "list", "--user", name);
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Equal(["ACCESS KEY ID", "USER", "STATUS", "CREATED"], Columns(list.OutputLines[0]));
        Assert.Equal(2, list.OutputLines.Length - 1);
        Assert.Contains(list.OutputLines.Skip(1).Select(Columns), row => row[0] == accessKeyId && row[1] == name && row[2] == "Active");
        Assert.DoesNotContain("secret", list.Output, StringComparison.OrdinalIgnoreCase);

        var deactivated = await server.RunAsync("access-keys", "deactivate", accessKeyId);
        Assert.Equal($"deactivated {accessKeyId}", Assert.Single(deactivated.OutputLines));
        Assert.Equal("UnrecognizedClientException", (await Assert.ThrowsAsync<AmazonKeyManagementServiceException>(() => ListAsync(asUser))).ErrorCode);
        using (var json = JsonDocument.Parse((await server.RunAsync("access-keys", "list", "--user", name, "--output", "json")).Output))
        {
            Assert.Contains(json.RootElement.GetProperty("AccessKeyMetadata").EnumerateArray(), k => k.GetProperty("AccessKeyId").GetString() == accessKeyId && k.GetProperty("Status").GetString() == "Inactive");
        }

        var activated = await server.RunAsync("access-keys", "activate", accessKeyId);
        Assert.Equal($"activated {accessKeyId}", Assert.Single(activated.OutputLines));
        Assert.Equal("AccessDeniedException", (await Assert.ThrowsAsync<AmazonKeyManagementServiceException>(() => ListAsync(asUser))).ErrorCode);

        var deleted = await server.RunAsync("access-keys", "delete", accessKeyId);
        Assert.Equal($"deleted {accessKeyId}", Assert.Single(deleted.OutputLines));
        Assert.Equal("UnrecognizedClientException", (await Assert.ThrowsAsync<AmazonKeyManagementServiceException>(() => ListAsync(asUser))).ErrorCode);
        var unknown = await server.RunAsync("access-keys", "delete", accessKeyId);
        Assert.Equal($"keyhold: NotFoundException: The Access Key with id {accessKeyId} cannot be found.", Assert.Single(unknown.ErrorLines));

        // Without --user: the caller's own keys (here the account root's, with the administrator key among them).
        var own = await server.RunAsync("access-keys", "list");
        Assert.Contains(own.OutputLines.Skip(1).Select(Columns), row => row[1] == "(root)" && row[2] == "Active");
    }

    public void Dispose() => _files.Delete(recursive: true);

    private static Task<ListKeysResponse> ListAsync(AmazonKeyManagementServiceClient client) => client.ListKeysAsync(new ListKeysRequest()).WithTimeout();
}

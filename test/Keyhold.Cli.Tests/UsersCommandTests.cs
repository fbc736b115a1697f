using System.Text.Json;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Keyhold.Cli.Tests.Infrastructure;
using static Keyhold.Cli.Tests.AliasesCommandTests;

namespace Keyhold.Cli.Tests;

/// <summary><c>keyhold users …</c>: create, list, give a policy, read it back, delete.</summary>
[Collection(SharedCliServer.Name)]
public sealed class UsersCommandTests(CliServer server) : IDisposable
{
    private readonly DirectoryInfo _files = Directory.CreateTempSubdirectory("keyhold-users-");

    [Fact]
    public async Task Users_CreateListPutPolicyGetPolicyDelete_EndToEnd()
    {
        var name = "dana-" + Guid.NewGuid().ToString("N")[..8];
        var created = await server.RunAsync("users", "create", name);
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Matches($"^created user {name} \\(arn:aws:iam::{server.AccountId}:user/{name}, id AIDA[A-Z2-7]{{17}}\\)$", Assert.Single(created.OutputLines));

        var list = await server.RunAsync("users", "list");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Equal(["USER", "USER ID", "ARN", "CREATED"], Columns(list.OutputLines[0]));
        Assert.Contains(list.OutputLines.Skip(1).Select(Columns), row => row[0] == name && row[2] == $"arn:aws:iam::{server.AccountId}:user/{name}");
        var json = await server.RunAsync("users", "list", "--output", "json");
        using (var document = JsonDocument.Parse(json.Output))
        {
            Assert.Contains(document.RootElement.GetProperty("Users").EnumerateArray(), u => u.GetProperty("UserName").GetString() == name);
        }

        // The user's key is refused until put-policy allows kms:Encrypt.
        var key = await server.CreateKeyAsync("users command");
        var credentials = Path.Combine(_files.FullName, "user-credentials");
        var accessKey = await server.RunAsync("access-keys", "create", "--user", name, "--output-file", credentials);
        Assert.True(accessKey.ExitCode == 0, accessKey.ToString());
        new CredentialProfileStoreChain(credentials).TryGetAWSCredentials(name, out var userCredentials);
        using var asUser = new AmazonKeyManagementServiceClient(userCredentials, new AmazonKeyManagementServiceConfig { ServiceURL = server.Endpoint.ToString(), AuthenticationRegion = CliServer.Region, MaxErrorRetry = 0 });
        var denied = await Assert.ThrowsAsync<AmazonKeyManagementServiceException>(() => EncryptAsync(asUser, key.KeyId));
        Assert.Equal("AccessDeniedException", denied.ErrorCode);

        var policyFile = Path.Combine(_files.FullName, "policy.json");
        var policy = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"{{key.Arn}}"}]}""";
        await File.WriteAllTextAsync(policyFile, policy).WithTimeout();
        var put = await server.RunAsync("users", "put-policy", name, policyFile);
        Assert.True(put.ExitCode == 0, put.ToString());
        Assert.Equal($"put policy default on user {name}", Assert.Single(put.OutputLines));
        await EncryptAsync(asUser, key.KeyId);

        var get = await server.RunAsync("users", "get-policy", name);
        Assert.True(get.ExitCode == 0, get.ToString());
        Assert.Equal(policy, get.Output.Trim());
        var missing = await server.RunAsync("users", "get-policy", name, "--policy-name", "other");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal($"keyhold: NotFoundException: The user policy with name other cannot be found for user {name}.", Assert.Single(missing.ErrorLines));

        var malformed = Path.Combine(_files.FullName, "malformed.json");
        await File.WriteAllTextAsync(malformed, "{\"Statement\":[]").WithTimeout();
        var refused = await server.RunAsync("users", "put-policy", name, malformed, "--policy-name", "broken");
        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith("keyhold: MalformedPolicyDocumentException: ", Assert.Single(refused.ErrorLines), StringComparison.Ordinal);

        var deleted = await server.RunAsync("users", "delete", name);
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Equal($"deleted user {name}", Assert.Single(deleted.OutputLines));
        var gone = await Assert.ThrowsAsync<AmazonKeyManagementServiceException>(() => EncryptAsync(asUser, key.KeyId));
        Assert.Equal("UnrecognizedClientException", gone.ErrorCode);
        var again = await server.RunAsync("users", "delete", name);
        Assert.Equal($"keyhold: NotFoundException: The user with name {name} cannot be found.", Assert.Single(again.ErrorLines));
    }

    public void Dispose() => _files.Delete(recursive: true);

    private static Task<EncryptResponse> EncryptAsync(AmazonKeyManagementServiceClient client, string keyId) =>
        client.EncryptAsync(new EncryptRequest { KeyId = keyId, Plaintext = new MemoryStream([1, 2, 3]) }).WithTimeout();
}

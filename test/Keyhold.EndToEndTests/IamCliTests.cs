using System.Text.Json;
using Keyhold.EndToEndTests.Infrastructure;

namespace Keyhold.EndToEndTests;

/// <summary>
/// Users and STS with the real tools against <c>keyhold serve</c>: <c>aws sts get-caller-identity</c> for the
/// administrator and for a user made with <c>keyhold users</c> / <c>keyhold access-keys</c>, and a user's
/// <c>aws kms encrypt</c> refused until <c>keyhold users put-policy</c> allows it.
/// </summary>
public sealed class IamCliTests(KeyholdServerFixture fixture) : IClassFixture<KeyholdServerFixture>
{
    private readonly KeyholdProcess _server = fixture.Server;
    private readonly TemporaryDirectory _files = fixture.Directory;
    private readonly AwsCli _admin = AwsCli.ForServer(fixture.Server);

    [Fact]
    public async Task GetCallerIdentity_Administrator_IsTheAccountRoot()
    {
        using var identity = JsonDocument.Parse(await _admin.RunSuccessfullyAsync("sts", "get-caller-identity"));

        var root = identity.RootElement;
        Assert.Equal(_server.AccountId, root.GetProperty("Account").GetString());
        Assert.Equal($"arn:aws:iam::{_server.AccountId}:root", root.GetProperty("Arn").GetString());
        Assert.Equal(_server.AccountId, root.GetProperty("UserId").GetString());
    }

    [Fact]
    public async Task UserMadeWithKeyholdCli_GetCallerIdentityAndEncryptAfterPutPolicy()
    {
        var name = "frank-" + Guid.NewGuid().ToString("N")[..8];
        var credentials = _files.File(name + "-credentials");
        await KeyholdSucceedsAsync("users", "create", name);
        await KeyholdSucceedsAsync("access-keys", "create", "--user", name, "--output-file", credentials);
        var user = AwsCli.ForProfile(_server.Endpoint, credentials, name);

        using (var identity = JsonDocument.Parse(await user.RunSuccessfullyAsync("sts", "get-caller-identity")))
        {
            var root = identity.RootElement;
            Assert.Equal($"arn:aws:iam::{_server.AccountId}:user/{name}", root.GetProperty("Arn").GetString());
            Assert.Equal(_server.AccountId, root.GetProperty("Account").GetString());
            Assert.Matches("^AIDA[A-Z2-7]{17}$", root.GetProperty("UserId").GetString());
        }

        var keyId = (await _admin.RunSuccessfullyAsync("kms", "create-key", "--query", "KeyMetadata.KeyId", "--output", "text")).Trim();
        var arn = $"arn:aws:kms:us-east-1:{_server.AccountId}:key/{keyId}";
        var plaintext = _files.File(name + ".txt");
        await File.WriteAllTextAsync(plaintext, "for frank");

        var denied = await user.RunAsync("kms", "encrypt", "--key-id", keyId, "--plaintext", "fileb://" + plaintext);
        Assert.NotEqual(0, denied.ExitCode);
        Assert.Contains(
            $"An error occurred (AccessDeniedException) when calling the Encrypt operation: User: arn:aws:iam::{_server.AccountId}:user/{name} is not authorized to perform: kms:Encrypt on resource: {arn} because no identity-based policy allows the kms:Encrypt action",
            denied.StandardError,
            StringComparison.Ordinal);

        var policy = _files.File(name + "-policy.json");
        await File.WriteAllTextAsync(policy, $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"{{arn}}"}]}""");
        await KeyholdSucceedsAsync("users", "put-policy", name, policy);

        var encrypted = await user.RunSuccessfullyAsync("kms", "encrypt", "--key-id", keyId, "--plaintext", "fileb://" + plaintext, "--query", "KeyId", "--output", "text");
        Assert.Equal(arn, encrypted.Trim());
    }

    private Task<string> KeyholdSucceedsAsync(params string[] arguments) => KeyholdCli.RunAsAdministratorAsync(_server, _files, arguments);
}

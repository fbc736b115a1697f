using System.Text.Json;
using Keyhold.EndToEndTests.Infrastructure;

namespace Keyhold.EndToEndTests;

/// <summary>
/// Authorization with the real <c>aws</c> CLI against <c>keyhold serve</c>: a grant lets a user in and revoking it
/// takes it away; a key policy naming the user lets it in without an identity policy; another account is refused until
/// the key policy names it; and the audit trail records the refusals and verifies.
/// </summary>
public sealed class AuthorizationCliTests(KeyholdServerFixture fixture) : IClassFixture<KeyholdServerFixture>
{
    private readonly KeyholdProcess _server = fixture.Server;
    private readonly TemporaryDirectory _files = fixture.Directory;
    private readonly AwsCli _admin = AwsCli.ForServer(fixture.Server);

    [Fact]
    public async Task Grant_LetsUserEncrypt_RevokeGrantTakesItAway()
    {
        var (name, user) = await CreateUserAsync("grace");
        var userArn = $"arn:aws:iam::{_server.AccountId}:user/{name}";
        var keyId = await CreateKeyAsync();
        var plaintext = await PlaintextAsync(name);
        await AssertDeniedAsync(user, keyId, plaintext);

        var grantId = (await _admin.RunSuccessfullyAsync(
            "kms", "create-grant", "--key-id", keyId, "--grantee-principal", userArn, "--operations", "Encrypt", "Decrypt",
            "--query", "GrantId", "--output", "text")).Trim();
        var ciphertext = _files.File(name + ".enc");
        var blob = await user.RunSuccessfullyAsync("kms", "encrypt", "--key-id", keyId, "--plaintext", "fileb://" + plaintext, "--query", "CiphertextBlob", "--output", "text");
        await File.WriteAllBytesAsync(ciphertext, Convert.FromBase64String(blob.Trim()));
        var decrypted = await user.RunSuccessfullyAsync("kms", "decrypt", "--ciphertext-blob", "fileb://" + ciphertext, "--query", "Plaintext", "--output", "text");
        Assert.Equal("for the grantee", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(decrypted.Trim())));

        using (var grants = JsonDocument.Parse(await _admin.RunSuccessfullyAsync("kms", "list-grants", "--key-id", keyId)))
        {
            var grant = Assert.Single(grants.RootElement.GetProperty("Grants").EnumerateArray());
            Assert.Equal(grantId, grant.GetProperty("GrantId").GetString());
            Assert.Equal(userArn, grant.GetProperty("GranteePrincipal").GetString());
        }

        await _admin.RunSuccessfullyAsync("kms", "revoke-grant", "--key-id", keyId, "--grant-id", grantId);
        await AssertDeniedAsync(user, keyId, plaintext);
    }

    [Fact]
    public async Task KeyPolicyNamingTheUser_LetsItIn_WithoutIdentityPolicy()
    {
        var (name, user) = await CreateUserAsync("kim");
        var keyId = await CreateKeyAsync();
        var plaintext = await PlaintextAsync(name);
        await AssertDeniedAsync(user, keyId, plaintext);

        var policy = _files.File(name + "-key-policy.json");
        await File.WriteAllTextAsync(policy, $$"""
            {"Version":"2012-10-17","Statement":[
              {"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{_server.AccountId}}:root"},"Action":"kms:*","Resource":"*"},
              {"Sid":"Allow use of the key","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{_server.AccountId}}:user/{{name}}"},"Action":"kms:Encrypt","Resource":"*"}]}
            """);
        await _admin.RunSuccessfullyAsync("kms", "put-key-policy", "--key-id", keyId, "--policy-name", "default", "--policy", "file://" + policy);

        await user.RunSuccessfullyAsync("kms", "encrypt", "--key-id", keyId, "--plaintext", "fileb://" + plaintext);
    }

    [Fact]
    public async Task OtherAccount_RefusedUntilKeyPolicyNamesIt_ThenAllowed_AndAuditVerifies()
    {
        var credentials = _files.File("account-b-credentials");
        await KeyholdSucceedsAsync("accounts", "create", "--output-file", credentials, "--profile-name", "account-b");
        var other = AwsCli.ForProfile(_server.Endpoint, credentials, "account-b");
        using var identity = JsonDocument.Parse(await other.RunSuccessfullyAsync("sts", "get-caller-identity"));
        var otherAccount = identity.RootElement.GetProperty("Account").GetString()!;
        var keyId = await CreateKeyAsync();
        var arn = $"arn:aws:kms:us-east-1:{_server.AccountId}:key/{keyId}";
        var plaintext = await PlaintextAsync("account-b");

        var denied = await other.RunAsync("kms", "encrypt", "--key-id", arn, "--plaintext", "fileb://" + plaintext);
        Assert.NotEqual(0, denied.ExitCode);
        Assert.Contains(
            $"(AccessDeniedException) when calling the Encrypt operation: User: arn:aws:iam::{otherAccount}:root is not authorized to perform: kms:Encrypt on resource: {arn} because no resource-based policy allows the kms:Encrypt action",
            denied.StandardError,
            StringComparison.Ordinal);

        var policy = _files.File("cross-account-policy.json");
        await File.WriteAllTextAsync(policy, $$"""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{_server.AccountId}}:root"},"Action":"kms:*","Resource":"*"},
              {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{otherAccount}}:root"},"Action":["kms:Encrypt","kms:Decrypt"],"Resource":"*"}]}
            """);
        await _admin.RunSuccessfullyAsync("kms", "put-key-policy", "--key-id", keyId, "--policy-name", "default", "--policy", "file://" + policy);
        var encrypted = await other.RunSuccessfullyAsync("kms", "encrypt", "--key-id", arn, "--plaintext", "fileb://" + plaintext, "--query", "KeyId", "--output", "text");
        Assert.Equal(arn, encrypted.Trim());

        var verify = await KeyholdSucceedsAsync("audit", "verify");
        Assert.StartsWith("Audit trail intact:", verify, StringComparison.Ordinal);
        var events = await KeyholdSucceedsAsync("audit", "--all-accounts", "--errors-only", "--event-name", "Encrypt", "--output", "json", "--limit", "1000");
        Assert.Contains(
            events.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement),
            e => e.GetProperty("errorCode").GetString() == "AccessDeniedException" && e.GetProperty("userIdentity").GetProperty("accountId").GetString() == otherAccount);
    }

    private async Task<(string Name, AwsCli Cli)> CreateUserAsync(string stem)
    {
        var name = stem + "-" + Guid.NewGuid().ToString("N")[..8];
        var credentials = _files.File(name + "-credentials");
        await KeyholdSucceedsAsync("users", "create", name);
        await KeyholdSucceedsAsync("access-keys", "create", "--user", name, "--output-file", credentials);
        return (name, AwsCli.ForProfile(_server.Endpoint, credentials, name));
    }

    private async Task<string> CreateKeyAsync() =>
        (await _admin.RunSuccessfullyAsync("kms", "create-key", "--query", "KeyMetadata.KeyId", "--output", "text")).Trim();

    private async Task<string> PlaintextAsync(string name)
    {
        var path = _files.File(name + ".txt");
        await File.WriteAllTextAsync(path, "for the grantee");
        return path;
    }

    private static async Task AssertDeniedAsync(AwsCli user, string keyId, string plaintext)
    {
        var denied = await user.RunAsync("kms", "encrypt", "--key-id", keyId, "--plaintext", "fileb://" + plaintext);
        Assert.NotEqual(0, denied.ExitCode);
        Assert.Contains("(AccessDeniedException) when calling the Encrypt operation", denied.StandardError, StringComparison.Ordinal);
    }

    private Task<string> KeyholdSucceedsAsync(params string[] arguments) => KeyholdCli.RunAsAdministratorAsync(_server, _files, arguments);
}

using Amazon.KeyManagementService.Model;
using Keyhold.Server.Tests.Infrastructure;

namespace Keyhold.Server.Tests.Operations.Iam;

/// <summary>
/// Accounts: only the first account's root creates them; a new account's root works at once, is isolated from the first
/// account, and reaches another account's key only where that key's policy allows it (and only for cross-account operations).
/// </summary>
public sealed class CreateAccountHandlerTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly TimeSpan PropagationBound = TimeSpan.FromSeconds(3);
    private readonly TestServer _server = fixture.Server;

    [Fact]
    public async Task CreateAccount_ByUserOrByRootOfAnotherAccount_AccessDenied()
    {
        using var admin = IamClients.Admin(_server);
        var account = await admin.CreateAccountAsync(default).WithTimeout();
        Assert.Matches("^[1-9][0-9]{11}$", account.AccountId);
        Assert.NotEqual(_server.AccountId, account.AccountId);
        using var otherRoot = IamClients.For(_server, account.AccessKey.AccessKeyId, account.AccessKey.SecretAccessKey);

        await IamClients.FailsAsync(
            () => otherRoot.CreateAccountAsync(default),
            $"AccessDeniedException: User: arn:aws:iam::{account.AccountId}:root is not authorized to perform: iam:CreateAccount because only the root of the installation's first account may");

        var name = IamClients.NewUserName("admin");
        await admin.CreateUserAsync(name, default).WithTimeout();
        await admin.PutUserPolicyAsync(name, "everything", UserAccessTests.AllowPolicy("*", "*"), default).WithTimeout();
        var key = (await admin.CreateAccessKeyAsync(name, default).WithTimeout()).AccessKey;
        using var asUser = IamClients.For(_server, key.AccessKeyId, key.SecretAccessKey);
        await IamClients.FailsAsync(
            () => asUser.CreateAccountAsync(default),
            $"AccessDeniedException: User: arn:aws:iam::{_server.AccountId}:user/{name} is not authorized to perform: iam:CreateAccount because only the root of the installation's first account may");
    }

    [Fact]
    public async Task CrossAccount_KeyOfAccountA_DeniedToBUntilKeyPolicyAllowsThenOnlyCrossAccountOperations()
    {
        using var admin = IamClients.Admin(_server);
        using var kmsA = _server.CreateClient();
        var accountB = await admin.CreateAccountAsync(default).WithTimeout();
        using var kmsB = _server.CreateClient(accountB.AccessKey.AccessKeyId, accountB.AccessKey.SecretAccessKey);
        var key = await kmsA.CreateTestKeyAsync("shared with B");
        var rootB = $"arn:aws:iam::{accountB.AccountId}:root";

        // B's root works at once, in its own (empty) account.
        Assert.Empty(await kmsB.ListAllKeyIdsAsync());
        await KmsAssert.ErrorAsync(
            () => kmsB.EncryptBytesAsync(key.Arn, [1]),
            "AccessDeniedException",
            $"User: {rootB} is not authorized to perform: kms:Encrypt on resource: {key.Arn} because no resource-based policy allows the kms:Encrypt action");

        var policy = $$"""
            {"Version":"2012-10-17","Statement":[
              {"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{_server.AccountId}}:root"},"Action":"kms:*","Resource":"*"},
              {"Sid":"Allow B","Effect":"Allow","Principal":{"AWS":"{{rootB}}"},"Action":["kms:Encrypt","kms:DisableKey"],"Resource":"*"}]}
            """;
        await kmsA.PutKeyPolicyAsync(new PutKeyPolicyRequest { KeyId = key.KeyId, Policy = policy }).WithTimeout();

        var ciphertext = await Eventually.SucceedsAsync(() => kmsB.EncryptBytesAsync(key.Arn, [7]), PropagationBound);
        Assert.Equal([7], await kmsA.DecryptBytesAsync(ciphertext));
        await KmsAssert.ThrowsAsync<NotFoundException>(() => kmsB.DisableAsync(key.Arn), $"Key '{key.Arn}' does not exist");
        Assert.Equal(Amazon.KeyManagementService.KeyState.Enabled, (await kmsA.DescribeAsync(key.KeyId)).KeyState);
    }
}

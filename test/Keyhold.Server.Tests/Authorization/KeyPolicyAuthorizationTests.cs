using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Core.Storage;
using Keyhold.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Keyhold.Server.Tests.Authorization;

/// <summary>Key policies and identity policies enforced through the AWS SDK, with AWS's AccessDenied messages.</summary>
public sealed class KeyPolicyAuthorizationTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly AmazonKeyManagementServiceClient _admin = fixture.Server.CreateClient();
    private readonly TestServer _server = fixture.Server;

    public void Dispose() => _admin.Dispose();

    [Fact]
    public async Task Encrypt_UserWithoutIdentityPolicyOnDefaultKeyPolicy_ThrowsAccessDeniedNoIdentityPolicy()
    {
        var key = await _admin.CreateTestKeyAsync();
        var (user, arn) = await _server.CreateUserAsync(Name());
        using var _ = user;

        await KmsAssert.DeniedAsync(
            () => user.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes() }),
            $"User: {arn} is not authorized to perform: kms:Encrypt on resource: {key.Arn} because no identity-based policy allows the kms:Encrypt action");
    }

    [Fact]
    public async Task Encrypt_UserWithIdentityPolicyAllow_Succeeds()
    {
        var key = await _admin.CreateTestKeyAsync();
        var (user, _) = await _server.CreateUserAsync(Name(), TestPrincipals.Allow("kms:Encrypt", "kms:Decrypt"));
        using var client = user;

        var encrypted = await client.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes() }).WithTimeout();
        var decrypted = await client.DecryptAsync(new DecryptRequest { CiphertextBlob = encrypted.CiphertextBlob }).WithTimeout();

        Assert.Equal([1, 2, 3], decrypted.Plaintext.ToArray());
        await KmsAssert.DeniedAsync(() => client.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key.KeyId }));
    }

    [Fact]
    public async Task Encrypt_IdentityPolicyExplicitDeny_ThrowsExplicitDenyInIdentityPolicy()
    {
        var key = await _admin.CreateTestKeyAsync();
        const string Policy = """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"kms:*","Resource":"*"},
              {"Effect":"Deny","Action":"kms:Encrypt","Resource":"*"}]}
            """;
        var (user, arn) = await _server.CreateUserAsync(Name(), Policy);
        using var _ = user;

        await KmsAssert.DeniedAsync(
            () => user.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes() }),
            $"User: {arn} is not authorized to perform: kms:Encrypt on resource: {key.Arn} with an explicit deny in an identity-based policy");
    }

    [Fact]
    public async Task Encrypt_KeyPolicyDeniesUser_ThrowsExplicitDenyEvenForAllowedIdentity()
    {
        var name = Name();
        var arn = $"arn:aws:iam::{_server.AccountId}:user/{name}";
        var key = await CreateKeyWithPolicyAsync($$"""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{_server.AccountId}}:root"},"Action":"kms:*","Resource":"*"},
              {"Effect":"Deny","Principal":{"AWS":"{{arn}}"},"Action":"kms:Encrypt","Resource":"*"}]}
            """);
        var (user, _) = await _server.CreateUserAsync(name, TestPrincipals.Allow("kms:*"));
        using var _ = user;

        await KmsAssert.DeniedAsync(
            () => user.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes() }),
            $"User: {arn} is not authorized to perform: kms:Encrypt on resource: {key.Arn} with an explicit deny in a resource-based policy");
    }

    [Fact]
    public async Task Encrypt_KeyPolicyNamesUserDirectly_NeedsNoIdentityPolicy()
    {
        var name = Name();
        var key = await CreateKeyWithPolicyAsync($$"""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{_server.AccountId}}:root"},"Action":"kms:*","Resource":"*"},
              {"Sid":"KeyUser","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{_server.AccountId}}:user/{{name}}"},"Action":["kms:Encrypt","kms:GenerateDataKey*"],"Resource":"*"}]}
            """);
        var (user, _) = await _server.CreateUserAsync(name);
        using var _ = user;

        await user.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes() }).WithTimeout();
        await user.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.KeyId, KeySpec = DataKeySpec.AES_256 }).WithTimeout();
        await KmsAssert.DeniedAsync(() => user.DisableKeyAsync(new DisableKeyRequest { KeyId = key.KeyId }));
    }

    [Fact]
    public async Task Encrypt_ConditionOnEncryptionContext_AllowsOnlyMatchingContext()
    {
        var key = await _admin.CreateTestKeyAsync();
        const string Policy = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*",
              "Condition":{"StringEquals":{"kms:EncryptionContext:Department":"Finance"}}}]}
            """;
        var (user, _) = await _server.CreateUserAsync(Name(), Policy);
        using var _ = user;

        await user.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(), EncryptionContext = new() { ["Department"] = "Finance" } }).WithTimeout();
        await KmsAssert.DeniedAsync(
            () => user.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(), EncryptionContext = new() { ["Department"] = "Sales" } }));
        await KmsAssert.DeniedAsync(() => user.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes() }));
    }

    [Fact]
    public async Task CreateKey_UserWithoutPermission_ThrowsAccessDeniedOnResourceStar()
    {
        var (user, arn) = await _server.CreateUserAsync(Name(), TestPrincipals.Allow("kms:Encrypt"));
        using var _ = user;

        await KmsAssert.DeniedAsync(
            () => user.CreateKeyAsync(new CreateKeyRequest()),
            $"User: {arn} is not authorized to perform: kms:CreateKey on resource: * because no identity-based policy allows the kms:CreateKey action");
    }

    [Fact]
    public async Task PolicyChange_GrantsAndRevokesAccess()
    {
        var key = await _admin.CreateTestKeyAsync();
        var name = Name();
        var (user, _) = await _server.CreateUserAsync(name);
        using var _ = user;
        await KmsAssert.DeniedAsync(() => user.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes() }));

        await _server.PutUserPolicyAsync(name, TestPrincipals.Allow("kms:Encrypt"));
        await PolicyEventually.SucceedsAsync(() => user.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes() }));

        await _admin.PutKeyPolicyAsync(new PutKeyPolicyRequest
        {
            KeyId = key.KeyId,
            Policy = $$"""
                {"Version":"2012-10-17","Statement":[
                  {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{_server.AccountId}}:root"},"Action":"kms:*","Resource":"*"},
                  {"Effect":"Deny","Principal":"*","Action":"kms:Encrypt","Resource":"*","Condition":{"StringEquals":{"aws:username":"{{name}}" } } } ] }
                """,
        }).WithTimeout();
        await KmsAssert.DeniedAsync(() => user.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes() }));
        await _admin.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes() }).WithTimeout();
    }

    [Fact]
    public async Task Encrypt_DryRun_AuthorizedAnswersDryRunUnauthorizedAccessDenied()
    {
        var key = await _admin.CreateTestKeyAsync();
        var (user, _) = await _server.CreateUserAsync(Name());
        using var _ = user;

        await KmsAssert.ThrowsAsync<DryRunOperationException>(
            () => _admin.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(), DryRun = true }),
            "The request would have succeeded, but the DryRun option is set.");
        await KmsAssert.DeniedAsync(() => user.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(), DryRun = true }));
    }

    [Fact]
    public async Task PutKeyPolicy_PolicyThatLocksOutTheCaller_ThrowsMalformedPolicyDocumentUnlessBypassed()
    {
        var key = await _admin.CreateTestKeyAsync();
        var lockout = $$"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{_server.AccountId}}:user/nobody"},"Action":"kms:*","Resource":"*"}]}
            """;

        await KmsAssert.ThrowsAsync<MalformedPolicyDocumentException>(
            () => _admin.PutKeyPolicyAsync(new PutKeyPolicyRequest { KeyId = key.KeyId, Policy = lockout }),
            "The new key policy will not allow you to update the key policy in the future.");
        await KmsAssert.ThrowsAsync<MalformedPolicyDocumentException>(
            () => _admin.CreateKeyAsync(new CreateKeyRequest { Policy = lockout }),
            "The new key policy will not allow you to update the key policy in the future.");

        await _admin.PutKeyPolicyAsync(new PutKeyPolicyRequest { KeyId = key.KeyId, Policy = lockout, BypassPolicyLockoutSafetyCheck = true }).WithTimeout();
        await KmsAssert.DeniedAsync(() => _admin.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key.KeyId }));
    }

    [Fact]
    public async Task PutKeyPolicy_InvalidPrincipal_ThrowsMalformedPolicyDocumentInAwsWords()
    {
        var key = await _admin.CreateTestKeyAsync();

        await KmsAssert.ThrowsAsync<MalformedPolicyDocumentException>(
            () => _admin.PutKeyPolicyAsync(new PutKeyPolicyRequest
            {
                KeyId = key.KeyId,
                Policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"not-a-principal"},"Action":"kms:*","Resource":"*"}]}""",
            }),
            "Policy contains a statement with one or more invalid principals.");
    }

    [Fact]
    public async Task CrossAccount_AllowedOnlyAfterKeyPolicyNamesTheAccount_AndOnlyForCrossAccountOperations()
    {
        var key = await _admin.CreateTestKeyAsync();
        var (other, otherAccount) = await _server.CreateAccountAsync();
        using var _ = other;
        var otherRoot = $"arn:aws:iam::{otherAccount}:root";

        await KmsAssert.DeniedAsync(
            () => other.EncryptAsync(new EncryptRequest { KeyId = key.Arn, Plaintext = Bytes() }),
            $"User: {otherRoot} is not authorized to perform: kms:Encrypt on resource: {key.Arn} because no resource-based policy allows the kms:Encrypt action");

        await _admin.PutKeyPolicyAsync(new PutKeyPolicyRequest
        {
            KeyId = key.KeyId,
            Policy = $$"""
                {"Version":"2012-10-17","Statement":[
                  {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{_server.AccountId}}:root"},"Action":"kms:*","Resource":"*"},
                  {"Effect":"Allow","Principal":{"AWS":"{{otherAccount}}"},"Action":["kms:Encrypt","kms:Decrypt","kms:DescribeKey","kms:DisableKey"],"Resource":"*"}]}
                """,
        }).WithTimeout();

        var encrypted = await other.EncryptAsync(new EncryptRequest { KeyId = key.Arn, Plaintext = Bytes() }).WithTimeout();
        var decrypted = await other.DecryptAsync(new DecryptRequest { KeyId = key.Arn, CiphertextBlob = encrypted.CiphertextBlob }).WithTimeout();
        Assert.Equal([1, 2, 3], decrypted.Plaintext.ToArray());
        Assert.Equal(key.Arn, (await other.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key.Arn }).WithTimeout()).KeyMetadata.Arn);

        // DisableKey is not a cross-account operation: another account's key ARN is simply not found.
        await KmsAssert.ThrowsAsync<NotFoundException>(() => other.DisableKeyAsync(new DisableKeyRequest { KeyId = key.Arn }));
    }

    [Fact]
    public async Task StoredPolicyThatDoesNotParse_AllowsNothingButTheRootsRepair()
    {
        var key = await _admin.CreateTestKeyAsync();
        var defaultPolicy = await _admin.GetPolicyAsync(key.KeyId);
        var store = _server.Server.Services.GetRequiredService<IKeyholdStore>();
        var stored = await store.GetKeyAsync(_server.AccountId, TestServer.Region, key.KeyId, CancellationToken.None).WithTimeout();
        await store.UpdateKeyAsync(stored! with { Policy = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"*\",\"Condition\":{\"NoSuchOperator\":{}}}]}" }, CancellationToken.None).WithTimeout();

        await KmsAssert.DeniedAsync(() => _admin.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes() }));
        await _admin.PutKeyPolicyAsync(new PutKeyPolicyRequest { KeyId = key.KeyId, Policy = defaultPolicy }).WithTimeout();

        await _admin.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes() }).WithTimeout();
    }

    private async Task<KeyMetadata> CreateKeyWithPolicyAsync(string policy) =>
        (await _admin.CreateKeyAsync(new CreateKeyRequest { Policy = policy }).WithTimeout()).KeyMetadata;

    private static string Name() => "u" + Guid.NewGuid().ToString("N")[..12];

    private static MemoryStream Bytes() => new([1, 2, 3]);
}

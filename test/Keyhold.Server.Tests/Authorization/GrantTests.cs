using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Server.Tests.Infrastructure;

namespace Keyhold.Server.Tests.Authorization;

/// <summary>CreateGrant, ListGrants, ListRetirableGrants, RetireGrant and RevokeGrant, and grants enforced in authorization.</summary>
public sealed class GrantTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly AmazonKeyManagementServiceClient _admin = fixture.Server.CreateClient();
    private readonly TestServer _server = fixture.Server;

    public void Dispose() => _admin.Dispose();

    [Fact]
    public async Task CreateGrant_GranteeCanUseKeyAtOnce_UntilRevoked()
    {
        var key = await _admin.CreateTestKeyAsync();
        var (user, arn) = await _server.CreateUserAsync(Name());
        using var _ = user;
        await KmsAssert.DeniedAsync(() => user.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes() }));

        var grant = await _admin.CreateGrantAsync(new CreateGrantRequest
        {
            KeyId = key.KeyId,
            GranteePrincipal = arn,
            Operations = [GrantOperation.Encrypt, GrantOperation.Decrypt],
        }).WithTimeout();
        Assert.Matches("^[0-9a-f]{64}$", grant.GrantId);

        var encrypted = await user.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(), GrantTokens = [grant.GrantToken] }).WithTimeout();
        await user.DecryptAsync(new DecryptRequest { CiphertextBlob = encrypted.CiphertextBlob }).WithTimeout();
        await KmsAssert.DeniedAsync(() => user.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.KeyId, NumberOfBytes = 32 }));

        var listed = await _admin.ListGrantsAsync(new ListGrantsRequest { KeyId = key.KeyId }).WithTimeout();
        var entry = Assert.Single(listed.Grants);
        Assert.Equal(grant.GrantId, entry.GrantId);
        Assert.Equal(key.Arn, entry.KeyId);
        Assert.Equal(arn, entry.GranteePrincipal);
        Assert.Equal($"arn:aws:iam::{_server.AccountId}:root", entry.IssuingAccount);
        Assert.Equal(["Encrypt", "Decrypt"], entry.Operations);

        await _admin.RevokeGrantAsync(new RevokeGrantRequest { KeyId = key.KeyId, GrantId = grant.GrantId }).WithTimeout();
        await KmsAssert.DeniedAsync(() => user.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes() }));
        Assert.Empty((await _admin.ListGrantsAsync(new ListGrantsRequest { KeyId = key.KeyId }).WithTimeout()).Grants);
    }

    [Fact]
    public async Task Grant_EncryptionContextEquals_AllowsOnlyThatContext()
    {
        var key = await _admin.CreateTestKeyAsync();
        var (user, arn) = await _server.CreateUserAsync(Name());
        using var _ = user;
        await _admin.CreateGrantAsync(new CreateGrantRequest
        {
            KeyId = key.KeyId,
            GranteePrincipal = arn,
            Operations = [GrantOperation.Encrypt],
            Constraints = new GrantConstraints { EncryptionContextEquals = new() { ["app"] = "billing" } },
        }).WithTimeout();

        // Constraint keys compare case-insensitively, values case-sensitively (AWS's GrantConstraints).
        await user.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(), EncryptionContext = new() { ["APP"] = "billing" } }).WithTimeout();
        await KmsAssert.DeniedAsync(
            () => user.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(), EncryptionContext = new() { ["app"] = "Billing" } }));
        await KmsAssert.DeniedAsync(
            () => user.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(), EncryptionContext = new() { ["app"] = "billing", ["extra"] = "x" } }));
        await KmsAssert.DeniedAsync(() => user.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes() }));
    }

    [Fact]
    public async Task Grant_EncryptionContextSubset_AllowsSupersets()
    {
        var key = await _admin.CreateTestKeyAsync();
        var (user, arn) = await _server.CreateUserAsync(Name());
        using var _ = user;
        await _admin.CreateGrantAsync(new CreateGrantRequest
        {
            KeyId = key.KeyId,
            GranteePrincipal = arn,
            Operations = [GrantOperation.Encrypt],
            Constraints = new GrantConstraints { EncryptionContextSubset = new() { ["app"] = "billing" } },
        }).WithTimeout();

        await user.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(), EncryptionContext = new() { ["app"] = "billing", ["order"] = "42" } }).WithTimeout();
        await KmsAssert.DeniedAsync(
            () => user.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(), EncryptionContext = new() { ["order"] = "42" } }));
    }

    [Fact]
    public async Task CreateGrant_SameNameAndParameters_ReturnsTheOriginalGrant()
    {
        var key = await _admin.CreateTestKeyAsync();
        var request = new CreateGrantRequest
        {
            KeyId = key.KeyId,
            GranteePrincipal = $"arn:aws:iam::{_server.AccountId}:role/app",
            Operations = [GrantOperation.Decrypt],
            Name = "retry-safe",
        };

        var first = await _admin.CreateGrantAsync(request).WithTimeout();
        var second = await _admin.CreateGrantAsync(request).WithTimeout();

        Assert.Equal(first.GrantId, second.GrantId);
        Assert.Single((await _admin.ListGrantsAsync(new ListGrantsRequest { KeyId = key.KeyId }).WithTimeout()).Grants);
    }

    [Fact]
    public async Task CreateGrant_UnderAGrant_CannotWidenOperations()
    {
        var key = await _admin.CreateTestKeyAsync();
        var (user, arn) = await _server.CreateUserAsync(Name());
        using var _ = user;
        await _admin.CreateGrantAsync(new CreateGrantRequest
        {
            KeyId = key.KeyId,
            GranteePrincipal = arn,
            Operations = [GrantOperation.Decrypt, GrantOperation.CreateGrant],
        }).WithTimeout();
        var other = $"arn:aws:iam::{_server.AccountId}:role/other";

        await user.CreateGrantAsync(new CreateGrantRequest { KeyId = key.KeyId, GranteePrincipal = other, Operations = [GrantOperation.Decrypt] }).WithTimeout();
        await KmsAssert.DeniedAsync(
            () => user.CreateGrantAsync(new CreateGrantRequest { KeyId = key.KeyId, GranteePrincipal = other, Operations = [GrantOperation.Encrypt] }));
    }

    [Fact]
    public async Task RetireGrant_ByRetiringPrincipalWithToken_RemovesIt_OthersDenied()
    {
        var key = await _admin.CreateTestKeyAsync();
        var (retirer, retirerArn) = await _server.CreateUserAsync(Name());
        var (stranger, _) = await _server.CreateUserAsync(Name());
        using var _ = retirer;
        using var __ = stranger;
        var grant = await _admin.CreateGrantAsync(new CreateGrantRequest
        {
            KeyId = key.KeyId,
            GranteePrincipal = $"arn:aws:iam::{_server.AccountId}:role/app",
            RetiringPrincipal = retirerArn,
            Operations = [GrantOperation.Decrypt],
        }).WithTimeout();
        var retirable = await _admin.ListRetirableGrantsAsync(new ListRetirableGrantsRequest { RetiringPrincipal = retirerArn }).WithTimeout();
        Assert.Equal(grant.GrantId, Assert.Single(retirable.Grants).GrantId);

        await KmsAssert.DeniedAsync(() => stranger.RetireGrantAsync(new RetireGrantRequest { GrantToken = grant.GrantToken }));
        await retirer.RetireGrantAsync(new RetireGrantRequest { GrantToken = grant.GrantToken }).WithTimeout();

        Assert.Empty((await _admin.ListGrantsAsync(new ListGrantsRequest { KeyId = key.KeyId }).WithTimeout()).Grants);
    }

    [Fact]
    public async Task RetireGrant_ByKeyAndGrantIdAsAccountRoot_RemovesIt()
    {
        var key = await _admin.CreateTestKeyAsync();
        var grant = await _admin.CreateGrantAsync(new CreateGrantRequest
        {
            KeyId = key.KeyId,
            GranteePrincipal = $"arn:aws:iam::{_server.AccountId}:role/app",
            Operations = [GrantOperation.Encrypt],
        }).WithTimeout();

        await _admin.RetireGrantAsync(new RetireGrantRequest { KeyId = key.Arn, GrantId = grant.GrantId }).WithTimeout();

        await KmsAssert.ThrowsAsync<NotFoundException>(() => _admin.RevokeGrantAsync(new RevokeGrantRequest { KeyId = key.KeyId, GrantId = grant.GrantId }));
    }

    [Fact]
    public async Task GrantErrors_AnswerAwsErrors()
    {
        var key = await _admin.CreateTestKeyAsync();

        await KmsAssert.ThrowsAsync<InvalidGrantTokenException>(
            () => _admin.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes(), GrantTokens = ["not-a-token"] }));
        await KmsAssert.ThrowsAsync<InvalidGrantIdException>(() => _admin.RevokeGrantAsync(new RevokeGrantRequest { KeyId = key.KeyId, GrantId = "nope" }));
        await KmsAssert.ThrowsAsync<NotFoundException>(() => _admin.RevokeGrantAsync(new RevokeGrantRequest { KeyId = key.KeyId, GrantId = new string('a', 64) }));
        await KmsAssert.ValidationAsync(() => _admin.CreateGrantAsync(new CreateGrantRequest
        {
            KeyId = key.KeyId,
            GranteePrincipal = $"arn:aws:iam::{_server.AccountId}:role/app",
            Operations = [GrantOperation.Sign],
        }));
        await KmsAssert.ValidationAsync(() => _admin.CreateGrantAsync(new CreateGrantRequest
        {
            KeyId = key.KeyId,
            GranteePrincipal = "nobody",
            Operations = [GrantOperation.Decrypt],
        }));
        await KmsAssert.ThrowsAsync<DryRunOperationException>(() => _admin.CreateGrantAsync(new CreateGrantRequest
        {
            KeyId = key.KeyId,
            GranteePrincipal = $"arn:aws:iam::{_server.AccountId}:role/app",
            Operations = [GrantOperation.Decrypt],
            DryRun = true,
        }));
    }

    [Fact]
    public async Task ListGrants_PagesWithMarker()
    {
        var key = await _admin.CreateTestKeyAsync();
        for (var i = 0; i < 5; i++)
        {
            await _admin.CreateGrantAsync(new CreateGrantRequest
            {
                KeyId = key.KeyId,
                GranteePrincipal = $"arn:aws:iam::{_server.AccountId}:role/app{i}",
                Operations = [GrantOperation.Decrypt],
            }).WithTimeout();
        }

        var first = await _admin.ListGrantsAsync(new ListGrantsRequest { KeyId = key.KeyId, Limit = 3 }).WithTimeout();
        var second = await _admin.ListGrantsAsync(new ListGrantsRequest { KeyId = key.KeyId, Limit = 3, Marker = first.NextMarker }).WithTimeout();

        Assert.True(first.Truncated);
        Assert.Equal(3, first.Grants.Count);
        Assert.False(second.Truncated);
        Assert.Equal(5, first.Grants.Concat(second.Grants).Select(g => g.GrantId).Distinct().Count());
    }

    private static string Name() => "g" + Guid.NewGuid().ToString("N")[..12];

    private static MemoryStream Bytes() => new([1, 2, 3]);
}

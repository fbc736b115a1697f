using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Server.Tests.Infrastructure;

namespace Keyhold.Server.Tests.Operations.Keys;

public sealed class DescribeKeyHandlerTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly TestServer _server = fixture.Server;
    private readonly AmazonKeyManagementServiceClient _client = fixture.Server.CreateClient();

    public enum KeyName
    {
        Id,
        Arn,
        AliasName,
        AliasArn,
    }

    public void Dispose() => _client.Dispose();

    [Theory]
    [InlineData(KeyName.Id)]
    [InlineData(KeyName.Arn)]
    [InlineData(KeyName.AliasName)]
    [InlineData(KeyName.AliasArn)]
    public async Task DescribeKey_EachFormOfKeyId_ReturnsTheKey(KeyName form)
    {
        var key = await _client.CreateTestKeyAsync("described");
        var alias = $"alias/describe-{Guid.NewGuid():N}";
        await _client.CreateAliasForAsync(alias, key.KeyId);
        var keyId = form switch
        {
            KeyName.Id => key.KeyId,
            KeyName.Arn => key.Arn,
            KeyName.AliasName => alias,
            _ => $"arn:aws:kms:us-east-1:{_server.AccountId}:{alias}",
        };

        var described = await _client.DescribeAsync(keyId);

        Assert.Equal(key.KeyId, described.KeyId);
        Assert.Equal(key.Arn, described.Arn);
        Assert.Equal("described", described.Description);
    }

    [Fact]
    public async Task DescribeKey_UnknownKeyId_ThrowsNotFoundWithFullArn()
    {
        var keyId = Guid.NewGuid().ToString();

        await KmsAssert.ThrowsAsync<NotFoundException>(
            () => _client.DescribeKeyAsync(new DescribeKeyRequest { KeyId = keyId }),
            $"Key 'arn:aws:kms:us-east-1:{_server.AccountId}:key/{keyId}' does not exist");
    }

    [Fact]
    public async Task DescribeKey_UnknownKeyArn_ThrowsNotFound()
    {
        var arn = $"arn:aws:kms:us-east-1:{_server.AccountId}:key/{Guid.NewGuid()}";

        await KmsAssert.ThrowsAsync<NotFoundException>(() => _client.DescribeKeyAsync(new DescribeKeyRequest { KeyId = arn }), $"Key '{arn}' does not exist");
    }

    [Theory]
    [InlineData("fake-key-id")]
    [InlineData("mrk-fake-key-id")]
    [InlineData("134f2428cec14b25a1ae9048164dba47")]
    public async Task DescribeKey_MalformedKeyId_ThrowsInvalidKeyId(string keyId)
    {
        await KmsAssert.ThrowsAsync<NotFoundException>(() => _client.DescribeKeyAsync(new DescribeKeyRequest { KeyId = keyId }), $"Invalid keyId '{keyId}'");
    }

    [Fact]
    public async Task DescribeKey_ArnOfAnotherRegion_ThrowsInvalidArn()
    {
        var key = await _client.CreateTestKeyAsync();
        var otherRegionArn = key.Arn.Replace(":us-east-1:", ":us-west-2:", StringComparison.Ordinal);

        await KmsAssert.ThrowsAsync<NotFoundException>(() => _client.DescribeKeyAsync(new DescribeKeyRequest { KeyId = otherRegionArn }), "Invalid arn us-west-2");
    }

    [Fact]
    public async Task DescribeKey_IdOfKeyInAnotherRegion_ThrowsNotFoundWithCallersRegion()
    {
        using var euClient = _server.CreateClient(region: "eu-west-1");
        var euKey = await euClient.CreateTestKeyAsync();

        // Recorded from AWS: a bare id is resolved in the caller's region, and the message names that region.
        await KmsAssert.ThrowsAsync<NotFoundException>(
            () => _client.DescribeKeyAsync(new DescribeKeyRequest { KeyId = euKey.KeyId }),
            $"Key 'arn:aws:kms:us-east-1:{_server.AccountId}:key/{euKey.KeyId}' does not exist");
    }

    [Fact]
    public async Task DescribeKey_UnknownAliasName_ThrowsAliasNotFound()
    {
        await KmsAssert.ThrowsAsync<NotFoundException>(
            () => _client.DescribeKeyAsync(new DescribeKeyRequest { KeyId = "alias/x" }),
            $"Alias arn:aws:kms:us-east-1:{_server.AccountId}:alias/x is not found.");
    }

    [Fact]
    public async Task DescribeKey_UnknownAliasArn_ThrowsAliasNotFound()
    {
        var aliasArn = $"arn:aws:kms:us-east-1:{_server.AccountId}:alias/nothing-here";

        await KmsAssert.ThrowsAsync<NotFoundException>(
            () => _client.DescribeKeyAsync(new DescribeKeyRequest { KeyId = aliasArn }), $"Alias {aliasArn} is not found.");
    }

    [Fact]
    public async Task DescribeKey_KeyArnOfAnotherAccount_ThrowsNotFound()
    {
        var key = await _client.CreateTestKeyAsync();
        var otherAccountArn = $"arn:aws:kms:us-east-1:999999999999:key/{key.KeyId}";

        await KmsAssert.ThrowsAsync<NotFoundException>(
            () => _client.DescribeKeyAsync(new DescribeKeyRequest { KeyId = otherAccountArn }), $"Key '{otherAccountArn}' does not exist");
    }

    [Fact]
    public async Task DescribeKey_AliasArnOfAnotherAccount_ThrowsAliasNotFound()
    {
        // The caller has an alias of the same name; an ARN naming another account must not resolve to it.
        var key = await _client.CreateTestKeyAsync();
        var alias = $"alias/cross-{Guid.NewGuid():N}";
        await _client.CreateAliasForAsync(alias, key.KeyId);
        var otherAccountAliasArn = $"arn:aws:kms:us-east-1:999999999999:{alias}";

        await KmsAssert.ThrowsAsync<NotFoundException>(
            () => _client.DescribeKeyAsync(new DescribeKeyRequest { KeyId = otherAccountAliasArn }), $"Alias {otherAccountAliasArn} is not found.");
        await KmsAssert.ThrowsAsync<NotFoundException>(
            () => _client.EncryptAsync(new EncryptRequest { KeyId = otherAccountAliasArn, Plaintext = new MemoryStream([1]) }));
    }

    [Fact]
    public async Task DescribeKey_UnknownMultiRegionKeyId_ThrowsNotFoundWithFullArn()
    {
        var keyId = "mrk-" + Guid.NewGuid().ToString("N");

        await KmsAssert.ThrowsAsync<NotFoundException>(
            () => _client.DescribeKeyAsync(new DescribeKeyRequest { KeyId = keyId }),
            $"Key 'arn:aws:kms:us-east-1:{_server.AccountId}:key/{keyId}' does not exist");
    }

    [Fact]
    public async Task DescribeKey_MissingKeyId_ThrowsValidation()
    {
        await KmsAssert.ValidationAsync(
            () => _client.DescribeKeyAsync(new DescribeKeyRequest()),
            "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null");
    }
}

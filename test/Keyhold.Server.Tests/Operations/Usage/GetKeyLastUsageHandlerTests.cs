using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Server.Tests.Infrastructure;

namespace Keyhold.Server.Tests.Operations.Usage;

/// <summary>GetKeyLastUsage through the AWS SDK: the last successful cryptographic operation, its time and request id.</summary>
public sealed class GetKeyLastUsageHandlerTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly AmazonKeyManagementServiceClient _client = fixture.Server.CreateClient();

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task GetKeyLastUsage_UnusedKey_HasNoLastUsageAndTracksFromCreation()
    {
        var key = await _client.CreateTestKeyAsync();

        var usage = await LastUsageAsync(key.KeyId);

        Assert.Null(usage.KeyLastUsage);
        Assert.Equal(key.CreationDate, usage.KeyCreationDate);
        Assert.Equal(key.CreationDate, usage.TrackingStartDate);
        Assert.Equal(key.Arn, usage.KeyId);
    }

    [Fact]
    public async Task GetKeyLastUsage_AfterEncrypt_ReportsEncryptWithItsRequestId()
    {
        var key = await _client.CreateTestKeyAsync();
        var before = DateTime.UtcNow.AddSeconds(-1);

        var encrypted = await _client.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream("x"u8.ToArray()) }).WithTimeout();

        var usage = (await LastUsageAsync(key.KeyId)).KeyLastUsage;
        Assert.Equal("Encrypt", usage.Operation);
        Assert.Equal(encrypted.ResponseMetadata.RequestId, usage.KmsRequestId);
        Assert.InRange(usage.Timestamp!.Value.ToUniversalTime(), before, DateTime.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task GetKeyLastUsage_AfterDecryptThroughAlias_ReportsDecryptOnTheKey()
    {
        var key = await _client.CreateTestKeyAsync();
        var alias = $"alias/usage-{Guid.NewGuid():N}";
        await _client.CreateAliasForAsync(alias, key.KeyId);
        var ciphertext = await _client.EncryptBytesAsync(alias, "x"u8.ToArray());

        var decrypted = await _client.DecryptAsync(KmsClientExtensions.Decrypt(ciphertext)).WithTimeout();

        var usage = (await LastUsageAsync(key.Arn)).KeyLastUsage;
        Assert.Equal("Decrypt", usage.Operation);
        Assert.Equal(decrypted.ResponseMetadata.RequestId, usage.KmsRequestId);
    }

    [Fact]
    public async Task GetKeyLastUsage_FailedDecrypt_IsNotCounted()
    {
        var key = await _client.CreateTestKeyAsync();
        var ciphertext = await _client.EncryptBytesAsync(key.KeyId, "x"u8.ToArray(), new Dictionary<string, string> { ["a"] = "b" });

        await KmsAssert.ThrowsAsync<InvalidCiphertextException>(() => _client.DecryptAsync(KmsClientExtensions.Decrypt(ciphertext)));

        Assert.Equal("Encrypt", (await LastUsageAsync(key.KeyId)).KeyLastUsage.Operation);
    }

    [Fact]
    public async Task GetKeyLastUsage_ManagementCalls_AreNotUsage()
    {
        var key = await _client.CreateTestKeyAsync();

        await _client.DescribeAsync(key.KeyId);
        await _client.DisableAsync(key.KeyId);

        Assert.Null((await LastUsageAsync(key.KeyId)).KeyLastUsage);
    }

    [Fact]
    public async Task GetKeyLastUsage_UnknownKey_ThrowsNotFound()
    {
        var missing = Guid.NewGuid().ToString();

        await KmsAssert.ThrowsAsync<NotFoundException>(
            () => _client.GetKeyLastUsageAsync(new GetKeyLastUsageRequest { KeyId = missing }),
            $"Key 'arn:aws:kms:{TestServer.Region}:{fixture.Server.AccountId}:key/{missing}' does not exist");
    }

    private Task<GetKeyLastUsageResponse> LastUsageAsync(string keyId) =>
        _client.GetKeyLastUsageAsync(new GetKeyLastUsageRequest { KeyId = keyId }).WithTimeout();
}

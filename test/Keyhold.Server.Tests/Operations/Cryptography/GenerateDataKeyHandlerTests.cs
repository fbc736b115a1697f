using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Server.Tests.Infrastructure;

namespace Keyhold.Server.Tests.Operations.Cryptography;

public sealed class GenerateDataKeyHandlerTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly AmazonKeyManagementServiceClient _client = fixture.Server.CreateClient();

    public void Dispose() => _client.Dispose();

    [Theory]
    [InlineData("AES_256", 32)]
    [InlineData("AES_128", 16)]
    public async Task GenerateDataKey_KeySpec_ReturnsKeyOfThatSizeAndItsBlob(string keySpec, int size)
    {
        var key = await _client.CreateTestKeyAsync();

        var response = await _client.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.KeyId, KeySpec = keySpec }).WithTimeout();

        var plaintext = response.Plaintext.ToArray();
        Assert.Equal(size, plaintext.Length);
        Assert.Equal(key.Arn, response.KeyId);
        Assert.Equal(key.CurrentKeyMaterialId, response.KeyMaterialId);
        Assert.Equal(plaintext, await _client.DecryptBytesAsync(response.CiphertextBlob.ToArray()));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    [InlineData(1024)]
    public async Task GenerateDataKey_NumberOfBytes_ReturnsKeyOfThatSize(int size)
    {
        var key = await _client.CreateTestKeyAsync();

        var response = await _client.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.KeyId, NumberOfBytes = size }).WithTimeout();

        Assert.Equal(size, response.Plaintext.Length);
        Assert.Equal(response.Plaintext.ToArray(), await _client.DecryptBytesAsync(response.CiphertextBlob.ToArray()));
    }

    [Fact]
    public async Task GenerateDataKey_WithContextAndAlias_BlobNeedsTheContext()
    {
        var key = await _client.CreateTestKeyAsync();
        var alias = $"alias/datakey-{Guid.NewGuid():N}";
        await _client.CreateAliasForAsync(alias, key.KeyId);
        var context = new Dictionary<string, string> { ["bucket"] = "invoices" };

        var response = await _client.GenerateDataKeyAsync(new GenerateDataKeyRequest
        {
            KeyId = alias,
            KeySpec = DataKeySpec.AES_256,
            EncryptionContext = context,
        }).WithTimeout();

        Assert.Equal(key.Arn, response.KeyId);
        Assert.Equal(response.Plaintext.ToArray(), await _client.DecryptBytesAsync(response.CiphertextBlob.ToArray(), context));
        await KmsAssert.ThrowsAsync<InvalidCiphertextException>(() => _client.DecryptAsync(KmsClientExtensions.Decrypt(response.CiphertextBlob.ToArray())));
    }

    [Fact]
    public async Task GenerateDataKey_TwoCalls_ReturnDifferentKeys()
    {
        var key = await _client.CreateTestKeyAsync();

        var first = await _client.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.KeyId, KeySpec = DataKeySpec.AES_256 }).WithTimeout();
        var second = await _client.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.KeyId, KeySpec = DataKeySpec.AES_256 }).WithTimeout();

        Assert.NotEqual(first.Plaintext.ToArray(), second.Plaintext.ToArray());
    }

    [Fact]
    public async Task GenerateDataKey_KeySpecAndNumberOfBytes_ThrowsValidation()
    {
        var key = await _client.CreateTestKeyAsync();

        await KmsAssert.ValidationAsync(
            () => _client.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.KeyId, KeySpec = DataKeySpec.AES_256, NumberOfBytes = 32 }));
    }

    [Fact]
    public async Task GenerateDataKey_NeitherKeySpecNorNumberOfBytes_ThrowsValidation()
    {
        var key = await _client.CreateTestKeyAsync();

        await KmsAssert.ValidationAsync(() => _client.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.KeyId }));
    }

    [Theory]
    [InlineData(0, "greater than or equal to 1")]
    [InlineData(1025, "less than or equal to 1024")]
    public async Task GenerateDataKey_NumberOfBytesOutOfRange_ThrowsValidation(int size, string constraint)
    {
        var key = await _client.CreateTestKeyAsync();

        await KmsAssert.ValidationAsync(
            () => _client.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.KeyId, NumberOfBytes = size }),
            $"1 validation error detected: Value '{size}' at 'numberOfBytes' failed to satisfy constraint: Member must have value {constraint}");
    }

    [Fact]
    public async Task GenerateDataKey_UnknownKeySpec_ThrowsValidation()
    {
        var key = await _client.CreateTestKeyAsync();

        await KmsAssert.ValidationAsync(
            () => _client.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.KeyId, KeySpec = "AES_512" }),
            "1 validation error detected: Value 'AES_512' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]");
    }

    [Fact]
    public async Task GenerateDataKey_DryRun_ThrowsDryRunOperation()
    {
        var key = await _client.CreateTestKeyAsync();

        await KmsAssert.ThrowsAsync<DryRunOperationException>(
            () => _client.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.KeyId, KeySpec = DataKeySpec.AES_256, DryRun = true }),
            "The request would have succeeded, but the DryRun option is set.");
    }

    [Fact]
    public async Task GenerateDataKey_UnknownKey_ThrowsNotFound()
    {
        await KmsAssert.ThrowsAsync<NotFoundException>(
            () => _client.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = Guid.NewGuid().ToString(), KeySpec = DataKeySpec.AES_256 }));
    }
}

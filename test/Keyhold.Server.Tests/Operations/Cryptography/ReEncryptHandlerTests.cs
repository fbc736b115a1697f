using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Server.Tests.Infrastructure;

namespace Keyhold.Server.Tests.Operations.Cryptography;

public sealed class ReEncryptHandlerTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private static readonly byte[] Data = "re-encrypt me"u8.ToArray();
    private static readonly Dictionary<string, string> SourceContext = new() { ["stage"] = "source" };
    private static readonly Dictionary<string, string> DestinationContext = new() { ["stage"] = "destination", ["tenant"] = "acme" };
    private readonly AmazonKeyManagementServiceClient _client = fixture.Server.CreateClient();

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task ReEncrypt_BetweenKeysWithContexts_BlobDecryptsUnderDestination()
    {
        var source = await _client.CreateTestKeyAsync();
        var destination = await _client.CreateTestKeyAsync();
        var ciphertext = await _client.EncryptBytesAsync(source.KeyId, Data, SourceContext);

        var response = await _client.ReEncryptAsync(new ReEncryptRequest
        {
            CiphertextBlob = new MemoryStream(ciphertext),
            SourceEncryptionContext = SourceContext,
            SourceKeyId = source.Arn,
            DestinationKeyId = destination.KeyId,
            DestinationEncryptionContext = DestinationContext,
        }).WithTimeout();

        Assert.Equal(source.Arn, response.SourceKeyId);
        Assert.Equal(destination.Arn, response.KeyId);
        Assert.Equal(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT, response.SourceEncryptionAlgorithm);
        Assert.Equal(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT, response.DestinationEncryptionAlgorithm);
        Assert.Equal(source.CurrentKeyMaterialId, response.SourceKeyMaterialId);
        Assert.Equal(destination.CurrentKeyMaterialId, response.DestinationKeyMaterialId);
        var reEncrypted = response.CiphertextBlob.ToArray();
        var decrypted = await _client.DecryptAsync(KmsClientExtensions.Decrypt(reEncrypted, DestinationContext)).WithTimeout();
        Assert.Equal(Data, decrypted.Plaintext.ToArray());
        Assert.Equal(destination.Arn, decrypted.KeyId);
        await KmsAssert.ThrowsAsync<InvalidCiphertextException>(() => _client.DecryptAsync(KmsClientExtensions.Decrypt(reEncrypted, SourceContext)));
    }

    [Fact]
    public async Task ReEncrypt_SameKeyNewContext_Succeeds()
    {
        var key = await _client.CreateTestKeyAsync();
        var ciphertext = await _client.EncryptBytesAsync(key.KeyId, Data);

        var response = await _client.ReEncryptAsync(new ReEncryptRequest
        {
            CiphertextBlob = new MemoryStream(ciphertext),
            DestinationKeyId = key.KeyId,
            DestinationEncryptionContext = DestinationContext,
        }).WithTimeout();

        Assert.NotEqual(ciphertext, response.CiphertextBlob.ToArray());
        Assert.Equal(Data, await _client.DecryptBytesAsync(response.CiphertextBlob.ToArray(), DestinationContext));
    }

    [Fact]
    public async Task ReEncrypt_WrongSourceContext_ThrowsInvalidCiphertext()
    {
        var source = await _client.CreateTestKeyAsync();
        var destination = await _client.CreateTestKeyAsync();
        var ciphertext = await _client.EncryptBytesAsync(source.KeyId, Data, SourceContext);

        await KmsAssert.ThrowsAsync<InvalidCiphertextException>(() => _client.ReEncryptAsync(new ReEncryptRequest
        {
            CiphertextBlob = new MemoryStream(ciphertext),
            SourceEncryptionContext = DestinationContext,
            DestinationKeyId = destination.KeyId,
        }));
    }

    [Fact]
    public async Task ReEncrypt_WrongSourceKeyId_ThrowsIncorrectKey()
    {
        var source = await _client.CreateTestKeyAsync();
        var destination = await _client.CreateTestKeyAsync();
        var ciphertext = await _client.EncryptBytesAsync(source.KeyId, Data);

        await KmsAssert.ThrowsAsync<IncorrectKeyException>(
            () => _client.ReEncryptAsync(new ReEncryptRequest
            {
                CiphertextBlob = new MemoryStream(ciphertext),
                SourceKeyId = destination.KeyId,
                DestinationKeyId = destination.KeyId,
            }),
            "The key ID in the request does not identify a CMK that can perform this operation.");
    }

    [Fact]
    public async Task ReEncrypt_UnknownDestination_ThrowsNotFound()
    {
        var source = await _client.CreateTestKeyAsync();
        var ciphertext = await _client.EncryptBytesAsync(source.KeyId, Data);

        await KmsAssert.ThrowsAsync<NotFoundException>(() => _client.ReEncryptAsync(new ReEncryptRequest
        {
            CiphertextBlob = new MemoryStream(ciphertext),
            DestinationKeyId = Guid.NewGuid().ToString(),
        }));
    }

    [Fact]
    public async Task ReEncrypt_TamperedBlob_ThrowsInvalidCiphertext()
    {
        var source = await _client.CreateTestKeyAsync();
        var ciphertext = await _client.EncryptBytesAsync(source.KeyId, Data);
        ciphertext[^1] ^= 0x80;

        await KmsAssert.ThrowsAsync<InvalidCiphertextException>(() => _client.ReEncryptAsync(new ReEncryptRequest
        {
            CiphertextBlob = new MemoryStream(ciphertext),
            DestinationKeyId = source.KeyId,
        }));
    }

    [Fact]
    public async Task ReEncrypt_DryRun_ThrowsDryRunOperation()
    {
        var source = await _client.CreateTestKeyAsync();
        var ciphertext = await _client.EncryptBytesAsync(source.KeyId, Data);

        await KmsAssert.ThrowsAsync<DryRunOperationException>(
            () => _client.ReEncryptAsync(new ReEncryptRequest { CiphertextBlob = new MemoryStream(ciphertext), DestinationKeyId = source.KeyId, DryRun = true }),
            "The request would have succeeded, but the DryRun option is set.");
    }
}

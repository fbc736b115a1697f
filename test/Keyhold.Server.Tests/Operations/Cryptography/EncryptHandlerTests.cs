using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Server.Tests.Infrastructure;

namespace Keyhold.Server.Tests.Operations.Cryptography;

public sealed class EncryptHandlerTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private static readonly byte[] Data = "attack at dawn"u8.ToArray();
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

    [Fact]
    public async Task Encrypt_SymmetricKey_ReturnsArnAndAlgorithmAndDecryptableBlob()
    {
        var key = await _client.CreateTestKeyAsync();

        var response = await _client.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream(Data) }).WithTimeout();

        Assert.Equal(key.Arn, response.KeyId);
        Assert.Equal(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT, response.EncryptionAlgorithm);
        Assert.Equal(Data, await _client.DecryptBytesAsync(response.CiphertextBlob.ToArray()));
    }

    [Theory]
    [InlineData(KeyName.Id)]
    [InlineData(KeyName.Arn)]
    [InlineData(KeyName.AliasName)]
    [InlineData(KeyName.AliasArn)]
    public async Task Encrypt_EachFormOfKeyId_EncryptsUnderTheKey(KeyName form)
    {
        var key = await _client.CreateTestKeyAsync();
        var alias = $"alias/encrypt-{Guid.NewGuid():N}";
        await _client.CreateAliasForAsync(alias, key.KeyId);
        var keyId = form switch
        {
            KeyName.Id => key.KeyId,
            KeyName.Arn => key.Arn,
            KeyName.AliasName => alias,
            _ => $"arn:aws:kms:us-east-1:{_server.AccountId}:{alias}",
        };

        var response = await _client.EncryptAsync(new EncryptRequest { KeyId = keyId, Plaintext = new MemoryStream(Data) }).WithTimeout();

        Assert.Equal(key.Arn, response.KeyId);
        Assert.Equal(Data, await _client.DecryptBytesAsync(response.CiphertextBlob.ToArray(), keyId: key.KeyId));
    }

    [Fact]
    public async Task Encrypt_SamePlaintextTwice_ProducesDifferentBlobs()
    {
        var key = await _client.CreateTestKeyAsync();

        var first = await _client.EncryptBytesAsync(key.KeyId, Data);
        var second = await _client.EncryptBytesAsync(key.KeyId, Data);

        Assert.NotEqual(first, second);
        Assert.Equal(Data, await _client.DecryptBytesAsync(first));
        Assert.Equal(Data, await _client.DecryptBytesAsync(second));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    public async Task Encrypt_PlaintextUpTo4096Bytes_RoundTrips(int size)
    {
        var key = await _client.CreateTestKeyAsync();
        var plaintext = System.Security.Cryptography.RandomNumberGenerator.GetBytes(size);

        Assert.Equal(plaintext, await _client.DecryptBytesAsync(await _client.EncryptBytesAsync(key.KeyId, plaintext)));
    }

    [Fact]
    public async Task Encrypt_4097Bytes_ThrowsRecordedValidation()
    {
        var key = await _client.CreateTestKeyAsync();

        await KmsAssert.ValidationAsync(
            () => _client.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream(new byte[4097]) }),
            "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096");
    }

    [Fact]
    public async Task Encrypt_EmptyPlaintext_ThrowsValidation()
    {
        var key = await _client.CreateTestKeyAsync();

        await KmsAssert.ValidationAsync(
            () => _client.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream() }),
            "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length greater than or equal to 1");
    }

    [Fact]
    public async Task Encrypt_RsaAlgorithmOnSymmetricKey_ThrowsInvalidKeyUsage()
    {
        var key = await _client.CreateTestKeyAsync();

        await KmsAssert.ThrowsAsync<InvalidKeyUsageException>(
            () => _client.EncryptAsync(new EncryptRequest
            {
                KeyId = key.KeyId,
                Plaintext = new MemoryStream(Data),
                EncryptionAlgorithm = EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256,
            }),
            "Algorithm RSAES_OAEP_SHA_256 is incompatible with key spec SYMMETRIC_DEFAULT.");
    }

    [Fact]
    public async Task Encrypt_ExplicitSymmetricDefaultAlgorithm_Succeeds()
    {
        var key = await _client.CreateTestKeyAsync();

        var response = await _client.EncryptAsync(new EncryptRequest
        {
            KeyId = key.KeyId,
            Plaintext = new MemoryStream(Data),
            EncryptionAlgorithm = EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT,
        }).WithTimeout();

        Assert.Equal(Data, await _client.DecryptBytesAsync(response.CiphertextBlob.ToArray()));
    }

    [Fact]
    public async Task Encrypt_UnknownAlgorithm_ThrowsValidation()
    {
        var key = await _client.CreateTestKeyAsync();

        var error = await KmsAssert.ValidationAsync(
            () => _client.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream(Data), EncryptionAlgorithm = "AES_GCM" }));

        Assert.StartsWith("1 validation error detected: Value 'AES_GCM' at 'encryptionAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Encrypt_DryRun_ThrowsDryRunOperation()
    {
        var key = await _client.CreateTestKeyAsync();

        await KmsAssert.ThrowsAsync<DryRunOperationException>(
            () => _client.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream(Data), DryRun = true }),
            "The request would have succeeded, but the DryRun option is set.");
    }

    [Fact]
    public async Task Encrypt_DryRunOnDisabledKey_ThrowsDisabled()
    {
        // DryRun reports what the real call would do: the state check comes first.
        var key = await _client.CreateTestKeyAsync();
        await _client.DisableAsync(key.KeyId);

        await KmsAssert.ThrowsAsync<DisabledException>(
            () => _client.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream(Data), DryRun = true }));
    }

    [Fact]
    public async Task Encrypt_UnknownKey_ThrowsNotFound()
    {
        var keyId = Guid.NewGuid().ToString();

        await KmsAssert.ThrowsAsync<NotFoundException>(
            () => _client.EncryptAsync(new EncryptRequest { KeyId = keyId, Plaintext = new MemoryStream(Data) }),
            $"Key 'arn:aws:kms:us-east-1:{_server.AccountId}:key/{keyId}' does not exist");
    }

    [Fact]
    public async Task Encrypt_UnknownAlias_ThrowsNotFound()
    {
        await KmsAssert.ThrowsAsync<NotFoundException>(
            () => _client.EncryptAsync(new EncryptRequest { KeyId = "alias/missing", Plaintext = new MemoryStream(Data) }),
            $"Alias arn:aws:kms:us-east-1:{_server.AccountId}:alias/missing is not found.");
    }
}

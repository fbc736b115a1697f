using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Server.Tests.Infrastructure;

namespace Keyhold.Server.Tests.Operations.Cryptography;

public sealed class DecryptHandlerTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private static readonly byte[] Data = "the quick brown fox"u8.ToArray();
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
    public async Task Decrypt_BlobWithoutContext_ReturnsPlaintextArnAndCurrentMaterialId()
    {
        var key = await _client.CreateTestKeyAsync();
        var ciphertext = await _client.EncryptBytesAsync(key.KeyId, Data);

        var response = await _client.DecryptAsync(KmsClientExtensions.Decrypt(ciphertext)).WithTimeout();

        Assert.Equal(Data, response.Plaintext.ToArray());
        Assert.Equal(key.Arn, response.KeyId);
        Assert.Equal(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT, response.EncryptionAlgorithm);
        Assert.Equal((await _client.DescribeAsync(key.KeyId)).CurrentKeyMaterialId, response.KeyMaterialId);
    }

    [Fact]
    public async Task Decrypt_ContextInAnotherOrder_RoundTrips()
    {
        var key = await _client.CreateTestKeyAsync();
        var ciphertext = await _client.EncryptBytesAsync(key.KeyId, Data, new() { ["tenant"] = "acme", ["purpose"] = "invoices", ["year"] = "2026" });

        var plaintext = await _client.DecryptBytesAsync(ciphertext, new() { ["year"] = "2026", ["purpose"] = "invoices", ["tenant"] = "acme" });

        Assert.Equal(Data, plaintext);
    }

    [Fact]
    public async Task Decrypt_UnicodeAndEmptyContextValues_RoundTrip()
    {
        var key = await _client.CreateTestKeyAsync();
        var context = new Dictionary<string, string> { ["名前"] = "値 ✓", ["empty"] = string.Empty, ["emoji"] = "🔑" };
        var ciphertext = await _client.EncryptBytesAsync(key.KeyId, Data, context);

        Assert.Equal(Data, await _client.DecryptBytesAsync(ciphertext, new(context)));
        await KmsAssert.ThrowsAsync<InvalidCiphertextException>(
            () => _client.DecryptAsync(KmsClientExtensions.Decrypt(ciphertext, new() { ["名前"] = "値 ✓", ["empty"] = " ", ["emoji"] = "🔑" })));
    }

    [Fact]
    public async Task Decrypt_EmptyContextForBlobWithout_RoundTrips()
    {
        // An empty context is no context, as in AWS.
        var key = await _client.CreateTestKeyAsync();
        var ciphertext = await _client.EncryptBytesAsync(key.KeyId, Data, []);

        Assert.Equal(Data, await _client.DecryptBytesAsync(ciphertext));
    }

    public static TheoryData<Dictionary<string, string>?> WrongContexts => new()
    {
        null,
        new Dictionary<string, string> { ["tenant"] = "acme" },
        new Dictionary<string, string> { ["tenant"] = "acme", ["purpose"] = "payroll" },
        new Dictionary<string, string> { ["tenant"] = "acme", ["purpose"] = "invoices", ["extra"] = "x" },
        new Dictionary<string, string> { ["Tenant"] = "acme", ["purpose"] = "invoices" },
    };

    [Theory]
    [MemberData(nameof(WrongContexts))]
    public async Task Decrypt_WrongMissingOrExtraContext_ThrowsInvalidCiphertext(Dictionary<string, string>? context)
    {
        var key = await _client.CreateTestKeyAsync();
        var ciphertext = await _client.EncryptBytesAsync(key.KeyId, Data, new() { ["tenant"] = "acme", ["purpose"] = "invoices" });

        await KmsAssert.ThrowsAsync<InvalidCiphertextException>(() => _client.DecryptAsync(KmsClientExtensions.Decrypt(ciphertext, context)));
    }

    [Fact]
    public async Task Decrypt_ContextGivenForBlobWithout_ThrowsInvalidCiphertext()
    {
        var key = await _client.CreateTestKeyAsync();
        var ciphertext = await _client.EncryptBytesAsync(key.KeyId, Data);

        await KmsAssert.ThrowsAsync<InvalidCiphertextException>(
            () => _client.DecryptAsync(KmsClientExtensions.Decrypt(ciphertext, new() { ["tenant"] = "acme" })));
    }

    [Theory]
    [InlineData(0)] // format version
    [InlineData(1)] // key id
    [InlineData(20)] // material version
    [InlineData(21)] // salt
    [InlineData(40)] // nonce
    [InlineData(49)] // first ciphertext byte
    [InlineData(-1)] // last tag byte
    public async Task Decrypt_BlobWithAByteFlipped_ThrowsInvalidCiphertext(int position)
    {
        var key = await _client.CreateTestKeyAsync();
        var ciphertext = await _client.EncryptBytesAsync(key.KeyId, Data);
        ciphertext[position < 0 ? ciphertext.Length + position : position] ^= 0x01;

        await KmsAssert.ThrowsAsync<InvalidCiphertextException>(() => _client.DecryptAsync(KmsClientExtensions.Decrypt(ciphertext)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(64)]
    public async Task Decrypt_TruncatedBlob_ThrowsInvalidCiphertext(int removed)
    {
        var key = await _client.CreateTestKeyAsync();
        var ciphertext = await _client.EncryptBytesAsync(key.KeyId, Data);

        await KmsAssert.ThrowsAsync<InvalidCiphertextException>(
            () => _client.DecryptAsync(KmsClientExtensions.Decrypt(ciphertext[..^removed])));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(65)]
    [InlineData(300)]
    public async Task Decrypt_RandomBytes_ThrowsInvalidCiphertext(int size)
    {
        await KmsAssert.ThrowsAsync<InvalidCiphertextException>(
            () => _client.DecryptAsync(KmsClientExtensions.Decrypt(RandomNumberGenerator.GetBytes(size))));
    }

    [Fact]
    public async Task Decrypt_RandomBytesWithOurFormatVersion_ThrowsInvalidCiphertext()
    {
        var garbage = RandomNumberGenerator.GetBytes(120);
        garbage[0] = 0x01;

        await KmsAssert.ThrowsAsync<InvalidCiphertextException>(() => _client.DecryptAsync(KmsClientExtensions.Decrypt(garbage)));
    }

    [Fact]
    public async Task Decrypt_BlobFromAnotherRegionsKey_ThrowsInvalidCiphertext()
    {
        using var euClient = _server.CreateClient(region: "eu-west-1");
        var euKey = await euClient.CreateTestKeyAsync();
        var ciphertext = await euClient.EncryptBytesAsync(euKey.KeyId, Data);

        await KmsAssert.ThrowsAsync<InvalidCiphertextException>(() => _client.DecryptAsync(KmsClientExtensions.Decrypt(ciphertext)));
        Assert.Equal(Data, await euClient.DecryptBytesAsync(ciphertext));
    }

    [Theory]
    [InlineData(KeyName.Id)]
    [InlineData(KeyName.Arn)]
    [InlineData(KeyName.AliasName)]
    [InlineData(KeyName.AliasArn)]
    public async Task Decrypt_KeyIdNamingTheRightKey_Succeeds(KeyName form)
    {
        var key = await _client.CreateTestKeyAsync();
        var alias = $"alias/decrypt-{Guid.NewGuid():N}";
        await _client.CreateAliasForAsync(alias, key.KeyId);
        var ciphertext = await _client.EncryptBytesAsync(key.KeyId, Data);
        var keyId = form switch
        {
            KeyName.Id => key.KeyId,
            KeyName.Arn => key.Arn,
            KeyName.AliasName => alias,
            _ => $"arn:aws:kms:us-east-1:{_server.AccountId}:{alias}",
        };

        Assert.Equal(Data, await _client.DecryptBytesAsync(ciphertext, keyId: keyId));
    }

    [Fact]
    public async Task Decrypt_KeyIdOfAnotherKey_ThrowsIncorrectKey()
    {
        var key = await _client.CreateTestKeyAsync();
        var other = await _client.CreateTestKeyAsync();
        var ciphertext = await _client.EncryptBytesAsync(key.KeyId, Data);

        await KmsAssert.ThrowsAsync<IncorrectKeyException>(
            () => _client.DecryptAsync(KmsClientExtensions.Decrypt(ciphertext, keyId: other.KeyId)),
            "The key ID in the request does not identify a CMK that can perform this operation.");
    }

    [Fact]
    public async Task Decrypt_UnknownKeyId_ThrowsNotFound()
    {
        var key = await _client.CreateTestKeyAsync();
        var ciphertext = await _client.EncryptBytesAsync(key.KeyId, Data);

        await KmsAssert.ThrowsAsync<NotFoundException>(
            () => _client.DecryptAsync(KmsClientExtensions.Decrypt(ciphertext, keyId: Guid.NewGuid().ToString())));
    }

    [Fact]
    public async Task Decrypt_RsaAlgorithm_ThrowsInvalidKeyUsage()
    {
        var key = await _client.CreateTestKeyAsync();
        var ciphertext = await _client.EncryptBytesAsync(key.KeyId, Data);
        var request = KmsClientExtensions.Decrypt(ciphertext);
        request.EncryptionAlgorithm = EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1;

        await KmsAssert.ThrowsAsync<InvalidKeyUsageException>(() => _client.DecryptAsync(request));
    }

    [Fact]
    public async Task Decrypt_DryRun_ThrowsDryRunOperation()
    {
        var key = await _client.CreateTestKeyAsync();
        var ciphertext = await _client.EncryptBytesAsync(key.KeyId, Data);
        var request = KmsClientExtensions.Decrypt(ciphertext);
        request.DryRun = true;

        await KmsAssert.ThrowsAsync<DryRunOperationException>(
            () => _client.DecryptAsync(request), "The request would have succeeded, but the DryRun option is set.");
    }

    [Fact]
    public async Task Decrypt_DryRunWithWrongContext_ThrowsInvalidCiphertext()
    {
        var key = await _client.CreateTestKeyAsync();
        var ciphertext = await _client.EncryptBytesAsync(key.KeyId, Data, new() { ["a"] = "b" });
        var request = KmsClientExtensions.Decrypt(ciphertext);
        request.DryRun = true;

        await KmsAssert.ThrowsAsync<InvalidCiphertextException>(() => _client.DecryptAsync(request));
    }
}

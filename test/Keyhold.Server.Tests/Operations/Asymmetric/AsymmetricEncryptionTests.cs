using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Server.Tests.Infrastructure;

namespace Keyhold.Server.Tests.Operations.Asymmetric;

/// <summary>RSA-OAEP Encrypt/Decrypt/ReEncrypt, GenerateDataKeyPair*, DeriveSharedSecret through the AWS SDK, cross-checked with .NET.</summary>
public sealed class AsymmetricEncryptionTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly AmazonKeyManagementServiceClient _client = fixture.Server.CreateClient();

    public void Dispose() => _client.Dispose();

    [Theory]
    [InlineData("RSAES_OAEP_SHA_1")]
    [InlineData("RSAES_OAEP_SHA_256")]
    public async Task Decrypt_DataEncryptedLocallyWithThePublicKey_ReturnsThePlaintext(string algorithm)
    {
        var key = await CreateAsync("RSA_2048", KeyUsageType.ENCRYPT_DECRYPT);
        var publicKey = (await _client.GetPublicKeyAsync(new GetPublicKeyRequest { KeyId = key.KeyId }).WithTimeout()).PublicKey.ToArray();
        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(publicKey, out _);
        var local = rsa.Encrypt("sealed locally"u8.ToArray(), algorithm == "RSAES_OAEP_SHA_1" ? RSAEncryptionPadding.OaepSHA1 : RSAEncryptionPadding.OaepSHA256);

        var decrypted = await _client.DecryptAsync(new DecryptRequest { KeyId = key.KeyId, CiphertextBlob = new MemoryStream(local), EncryptionAlgorithm = algorithm }).WithTimeout();

        Assert.Equal("sealed locally"u8.ToArray(), decrypted.Plaintext.ToArray());
        Assert.Equal(algorithm, decrypted.EncryptionAlgorithm.Value);
        Assert.Equal(key.Arn, decrypted.KeyId);
    }

    [Fact]
    public async Task EncryptThenDecrypt_Rsa3072_RoundTrips_AndReEncryptMovesItToASymmetricKey()
    {
        var key = await CreateAsync("RSA_3072", KeyUsageType.ENCRYPT_DECRYPT);
        var symmetric = await _client.CreateTestKeyAsync();
        var encrypted = await _client.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream([1, 2, 3]), EncryptionAlgorithm = EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256 }).WithTimeout();
        Assert.Equal(384, encrypted.CiphertextBlob.Length);

        var moved = await _client.ReEncryptAsync(new ReEncryptRequest
        {
            CiphertextBlob = new MemoryStream(encrypted.CiphertextBlob.ToArray()),
            SourceKeyId = key.KeyId,
            SourceEncryptionAlgorithm = EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256,
            DestinationKeyId = symmetric.KeyId,
        }).WithTimeout();
        var decrypted = await _client.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(moved.CiphertextBlob.ToArray()) }).WithTimeout();

        Assert.Equal([1, 2, 3], decrypted.Plaintext.ToArray());
        Assert.Equal(key.Arn, moved.SourceKeyId);
    }

    [Fact]
    public async Task AsymmetricEncryption_ErrorPaths_AnswerAwsErrors()
    {
        var key = await CreateAsync("RSA_2048", KeyUsageType.ENCRYPT_DECRYPT);

        await KmsAssert.ThrowsAsync<InvalidKeyUsageException>(
            () => _client.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream([1]) }),
            "Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.");
        await KmsAssert.ValidationAsync(
            () => _client.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream(new byte[191]), EncryptionAlgorithm = EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256 }),
            "Algorithm RSAES_OAEP_SHA_256 and key spec RSA_2048 cannot encrypt data larger than 190 bytes.");
        await KmsAssert.ValidationAsync(() => _client.EncryptAsync(new EncryptRequest
        {
            KeyId = key.KeyId,
            Plaintext = new MemoryStream([1]),
            EncryptionAlgorithm = EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1,
            EncryptionContext = new() { ["a"] = "b" },
        }));
        await KmsAssert.ThrowsAsync<InvalidCiphertextException>(
            () => _client.DecryptAsync(new DecryptRequest { KeyId = key.KeyId, CiphertextBlob = new MemoryStream(new byte[256]), EncryptionAlgorithm = EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1 }));
        await KmsAssert.ThrowsAsync<InvalidKeyUsageException>(
            () => _client.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.KeyId, NumberOfBytes = 32 }));
    }

    [Theory]
    [InlineData("RSA_2048")]
    [InlineData("ECC_NIST_P256")]
    [InlineData("ECC_NIST_EDWARDS25519")]
    public async Task GenerateDataKeyPair_PrivateKeyMatchesPublicKey_AndItsCiphertextDecrypts(string pairSpec)
    {
        var key = await _client.CreateTestKeyAsync();
        var context = new Dictionary<string, string> { ["purpose"] = "pair" };

        var pair = await _client.GenerateDataKeyPairAsync(new GenerateDataKeyPairRequest { KeyId = key.KeyId, KeyPairSpec = pairSpec, EncryptionContext = context }).WithTimeout();
        var decrypted = await _client.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(pair.PrivateKeyCiphertextBlob.ToArray()), EncryptionContext = context }).WithTimeout();
        var withoutPlaintext = await _client.GenerateDataKeyPairWithoutPlaintextAsync(new GenerateDataKeyPairWithoutPlaintextRequest { KeyId = key.KeyId, KeyPairSpec = pairSpec }).WithTimeout();

        Assert.Equal(pair.PrivateKeyPlaintext.ToArray(), decrypted.Plaintext.ToArray());
        Assert.Equal(key.Arn, pair.KeyId);
        Assert.Equal(pairSpec, pair.KeyPairSpec.Value);
        Assert.NotEmpty(withoutPlaintext.PublicKey.ToArray());
        if (pairSpec == "RSA_2048")
        {
            using var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(pair.PrivateKeyPlaintext.ToArray(), out _);
            Assert.Equal(pair.PublicKey.ToArray(), rsa.ExportSubjectPublicKeyInfo());
        }
        else if (pairSpec == "ECC_NIST_P256")
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportPkcs8PrivateKey(pair.PrivateKeyPlaintext.ToArray(), out _);
            Assert.Equal(pair.PublicKey.ToArray(), ecdsa.ExportSubjectPublicKeyInfo());
        }
    }

    [Fact]
    public async Task DeriveSharedSecret_EqualsWhatThePeerDerives()
    {
        var key = await CreateAsync("ECC_NIST_P256", KeyUsageType.KEY_AGREEMENT);
        var publicKey = (await _client.GetPublicKeyAsync(new GetPublicKeyRequest { KeyId = key.KeyId }).WithTimeout()).PublicKey.ToArray();
        using var peer = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        using var keyholdSide = ECDiffieHellman.Create();
        keyholdSide.ImportSubjectPublicKeyInfo(publicKey, out _);

        var derived = await _client.DeriveSharedSecretAsync(new DeriveSharedSecretRequest
        {
            KeyId = key.KeyId,
            KeyAgreementAlgorithm = KeyAgreementAlgorithmSpec.ECDH,
            PublicKey = new MemoryStream(peer.ExportSubjectPublicKeyInfo()),
        }).WithTimeout();

        Assert.Equal(peer.DeriveRawSecretAgreement(keyholdSide.PublicKey), derived.SharedSecret.ToArray());
        await KmsAssert.ValidationAsync(() => _client.DeriveSharedSecretAsync(new DeriveSharedSecretRequest
        {
            KeyId = key.KeyId,
            KeyAgreementAlgorithm = KeyAgreementAlgorithmSpec.ECDH,
            PublicKey = new MemoryStream([1, 2, 3]),
        }));
    }

    private async Task<KeyMetadata> CreateAsync(string keySpec, KeyUsageType usage) =>
        (await _client.CreateKeyAsync(new CreateKeyRequest { KeySpec = keySpec, KeyUsage = usage }).WithTimeout()).KeyMetadata;
}

using System.Diagnostics;
using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Server.Tests.Infrastructure;

namespace Keyhold.Server.Tests.Operations.Asymmetric;

/// <summary>CreateKey for asymmetric specs, Sign, Verify and GetPublicKey through the AWS SDK, cross-checked with .NET and OpenSSL.</summary>
public sealed class SignVerifyHandlerTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly AmazonKeyManagementServiceClient _client = fixture.Server.CreateClient();

    public void Dispose() => _client.Dispose();

    public static TheoryData<string, string> SigningCombinations => new()
    {
        { "RSA_2048", "RSASSA_PSS_SHA_256" },
        { "RSA_3072", "RSASSA_PKCS1_V1_5_SHA_384" },
        { "ECC_NIST_P256", "ECDSA_SHA_256" },
        { "ECC_NIST_P384", "ECDSA_SHA_384" },
        { "ECC_NIST_P521", "ECDSA_SHA_512" },
        { "ECC_SECG_P256K1", "ECDSA_SHA_256" },
        { "ECC_NIST_EDWARDS25519", "ED25519_SHA_512" },
        { "ML_DSA_44", "ML_DSA_SHAKE_256" },
    };

    [Theory]
    [MemberData(nameof(SigningCombinations))]
    public async Task SignThenVerify_EverySpec_Verifies_AndATamperedMessageIsInvalid(string keySpec, string algorithm)
    {
        var key = await CreateAsync(keySpec, KeyUsageType.SIGN_VERIFY);
        var message = "the message"u8.ToArray();

        var signed = await _client.SignAsync(new SignRequest { KeyId = key.KeyId, Message = new MemoryStream(message), SigningAlgorithm = algorithm, MessageType = MessageType.RAW }).WithTimeout();
        var verified = await _client.VerifyAsync(new VerifyRequest
        {
            KeyId = key.Arn,
            Message = new MemoryStream(message),
            Signature = new MemoryStream(signed.Signature.ToArray()),
            SigningAlgorithm = algorithm,
        }).WithTimeout();

        Assert.Equal(key.Arn, signed.KeyId);
        Assert.Equal(algorithm, signed.SigningAlgorithm.Value);
        Assert.True(verified.SignatureValid);
        await KmsAssert.ThrowsAsync<KMSInvalidSignatureException>(() => _client.VerifyAsync(new VerifyRequest
        {
            KeyId = key.KeyId,
            Message = new MemoryStream("another message"u8.ToArray()),
            Signature = new MemoryStream(signed.Signature.ToArray()),
            SigningAlgorithm = algorithm,
        }));
    }

    [Fact]
    public async Task Sign_EcdsaP256Digest_VerifiesInDotNetAndOpenSsl()
    {
        var key = await CreateAsync("ECC_NIST_P256", KeyUsageType.SIGN_VERIFY);
        var message = "signed by keyhold"u8.ToArray();
        var digest = SHA256.HashData(message);

        var signed = await _client.SignAsync(new SignRequest { KeyId = key.KeyId, Message = new MemoryStream(digest), MessageType = MessageType.DIGEST, SigningAlgorithm = SigningAlgorithmSpec.ECDSA_SHA_256 }).WithTimeout();
        var publicKey = (await _client.GetPublicKeyAsync(new GetPublicKeyRequest { KeyId = key.KeyId }).WithTimeout()).PublicKey.ToArray();

        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(publicKey, out _);
        Assert.True(ecdsa.VerifyData(message, signed.Signature.ToArray(), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        Assert.True(await OpenSslVerifiesAsync(publicKey, message, signed.Signature.ToArray()));
    }

    [Fact]
    public async Task GetPublicKey_RsaEncryptionKey_DescribesItAsAws()
    {
        var key = await CreateAsync("RSA_2048", KeyUsageType.ENCRYPT_DECRYPT);

        var response = await _client.GetPublicKeyAsync(new GetPublicKeyRequest { KeyId = key.KeyId }).WithTimeout();

        Assert.Equal(KeySpec.RSA_2048, response.KeySpec);
        Assert.Equal(KeyUsageType.ENCRYPT_DECRYPT, response.KeyUsage);
        Assert.Equal(["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"], response.EncryptionAlgorithms.Order());
        Assert.Empty(response.SigningAlgorithms ?? []);
        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(response.PublicKey.ToArray(), out _);
        Assert.Equal(2048, rsa.KeySize);
    }

    [Fact]
    public async Task DescribeKey_SigningKey_ListsSigningAlgorithmsOnly()
    {
        var key = await CreateAsync("ECC_NIST_P384", KeyUsageType.SIGN_VERIFY);

        Assert.Equal(["ECDSA_SHA_384"], key.SigningAlgorithms);
        Assert.Empty(key.EncryptionAlgorithms ?? []);
        Assert.Equal(KeySpec.ECC_NIST_P384, key.KeySpec);
    }

    [Fact]
    public async Task SignAndVerify_ErrorPaths_AnswerAwsErrors()
    {
        var signing = await CreateAsync("ECC_NIST_P256", KeyUsageType.SIGN_VERIFY);
        var symmetric = await _client.CreateTestKeyAsync();

        await KmsAssert.ThrowsAsync<InvalidKeyUsageException>(
            () => _client.SignAsync(new SignRequest { KeyId = symmetric.KeyId, Message = new MemoryStream([1]), SigningAlgorithm = SigningAlgorithmSpec.ECDSA_SHA_256 }),
            $"{symmetric.Arn} key usage is ENCRYPT_DECRYPT which is not valid for Sign.");
        await KmsAssert.ThrowsAsync<InvalidKeyUsageException>(
            () => _client.SignAsync(new SignRequest { KeyId = signing.KeyId, Message = new MemoryStream([1]), SigningAlgorithm = SigningAlgorithmSpec.ECDSA_SHA_384 }),
            "Algorithm ECDSA_SHA_384 is incompatible with key spec ECC_NIST_P256.");
        await KmsAssert.ValidationAsync(
            () => _client.SignAsync(new SignRequest { KeyId = signing.KeyId, Message = new MemoryStream(new byte[31]), MessageType = MessageType.DIGEST, SigningAlgorithm = SigningAlgorithmSpec.ECDSA_SHA_256 }),
            "Digest is invalid length for algorithm ECDSA_SHA_256.");
        await KmsAssert.ValidationAsync(
            () => _client.SignAsync(new SignRequest { KeyId = signing.KeyId, Message = new MemoryStream(new byte[4097]), SigningAlgorithm = SigningAlgorithmSpec.ECDSA_SHA_256 }));
        await KmsAssert.ThrowsAsync<KMSInvalidSignatureException>(() => _client.VerifyAsync(new VerifyRequest
        {
            KeyId = signing.KeyId,
            Message = new MemoryStream([1]),
            Signature = new MemoryStream([0x30, 0x00]),
            SigningAlgorithm = SigningAlgorithmSpec.ECDSA_SHA_256,
        }));
        await KmsAssert.ThrowsAsync<InvalidKeyUsageException>(() => _client.EncryptAsync(new EncryptRequest { KeyId = signing.KeyId, Plaintext = new MemoryStream([1]) }));
        await KmsAssert.ValidationAsync(
            () => _client.CreateKeyAsync(new CreateKeyRequest { KeySpec = KeySpec.RSA_2048, KeyUsage = KeyUsageType.KEY_AGREEMENT }),
            "KeyUsage KEY_AGREEMENT is not compatible with KeySpec RSA_2048");
        await KmsAssert.ValidationAsync(
            () => _client.CreateKeyAsync(new CreateKeyRequest { KeySpec = KeySpec.ECC_NIST_P256 }),
            "You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.");
        await KmsAssert.ThrowsAsync<UnsupportedOperationException>(() => _client.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = signing.KeyId }));
    }

    private async Task<KeyMetadata> CreateAsync(string keySpec, KeyUsageType usage) =>
        (await _client.CreateKeyAsync(new CreateKeyRequest { KeySpec = keySpec, KeyUsage = usage }).WithTimeout()).KeyMetadata;

    private static async Task<bool> OpenSslVerifiesAsync(byte[] publicKeyDer, byte[] message, byte[] signature)
    {
        var directory = Directory.CreateTempSubdirectory("keyhold-openssl-");
        try
        {
            var key = Path.Combine(directory.FullName, "key.der");
            var data = Path.Combine(directory.FullName, "message");
            var sig = Path.Combine(directory.FullName, "signature");
            await File.WriteAllBytesAsync(key, publicKeyDer);
            await File.WriteAllBytesAsync(data, message);
            await File.WriteAllBytesAsync(sig, signature);
            using var process = Process.Start(new ProcessStartInfo("openssl", ["dgst", "-sha256", "-verify", key, "-keyform", "DER", "-signature", sig, data])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            await process.WaitForExitAsync().WithTimeout();
            return process.ExitCode == 0;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}

using System.Security.Cryptography;
using Keyhold.Crypto.Asymmetric;
using Keyhold.Crypto.Tests.TestSupport;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace Keyhold.Crypto.Tests.Asymmetric;

/// <summary>
/// Our keys, signatures and ciphertexts against the OpenSSL 3.0 command line on this machine, in both directions.
/// OpenSSL 3.0 has no ML-DSA and no Ed25519ph; those are checked against standard vectors and BouncyCastle instead.
/// </summary>
public sealed class OpenSslCrossTests : IDisposable
{
    private const string DistId = "distid:1234567812345678";
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    /// <summary>Every signing algorithm OpenSSL 3.0 has, with each message type AWS allows for it.</summary>
    public static TheoryData<string, string, string> Signings => new()
    {
        { "RSA_2048", "RSASSA_PKCS1_V1_5_SHA_256", "RAW" },
        { "RSA_2048", "RSASSA_PKCS1_V1_5_SHA_256", "DIGEST" },
        { "RSA_2048", "RSASSA_PKCS1_V1_5_SHA_384", "RAW" },
        { "RSA_2048", "RSASSA_PKCS1_V1_5_SHA_384", "DIGEST" },
        { "RSA_2048", "RSASSA_PKCS1_V1_5_SHA_512", "RAW" },
        { "RSA_2048", "RSASSA_PKCS1_V1_5_SHA_512", "DIGEST" },
        { "RSA_2048", "RSASSA_PSS_SHA_256", "RAW" },
        { "RSA_2048", "RSASSA_PSS_SHA_256", "DIGEST" },
        { "RSA_2048", "RSASSA_PSS_SHA_384", "RAW" },
        { "RSA_2048", "RSASSA_PSS_SHA_384", "DIGEST" },
        { "RSA_2048", "RSASSA_PSS_SHA_512", "RAW" },
        { "RSA_2048", "RSASSA_PSS_SHA_512", "DIGEST" },
        { "RSA_3072", "RSASSA_PSS_SHA_384", "RAW" },
        { "RSA_4096", "RSASSA_PKCS1_V1_5_SHA_512", "DIGEST" },
        { "ECC_NIST_P256", "ECDSA_SHA_256", "RAW" },
        { "ECC_NIST_P256", "ECDSA_SHA_256", "DIGEST" },
        { "ECC_NIST_P384", "ECDSA_SHA_384", "RAW" },
        { "ECC_NIST_P384", "ECDSA_SHA_384", "DIGEST" },
        { "ECC_NIST_P521", "ECDSA_SHA_512", "RAW" },
        { "ECC_NIST_P521", "ECDSA_SHA_512", "DIGEST" },
        { "ECC_SECG_P256K1", "ECDSA_SHA_256", "RAW" },
        { "ECC_SECG_P256K1", "ECDSA_SHA_256", "DIGEST" },
        { "ECC_NIST_EDWARDS25519", "ED25519_SHA_512", "RAW" },
        { "SM2", "SM2DSA", "RAW" },
        { "SM2", "SM2DSA", "DIGEST" },
    };

    public static TheoryData<string> OpenSslKeySpecs => new()
    {
        "RSA_2048", "RSA_3072", "RSA_4096", "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521", "ECC_SECG_P256K1",
        "ECC_NIST_EDWARDS25519", "SM2",
    };

    [Theory]
    [MemberData(nameof(OpenSslKeySpecs))]
    public void GeneratePrivateKey_ReadByOpenSsl_DerivesOurPublicKeyDer(string keySpec)
    {
        using var key = TestKeys.Load(keySpec);
        Write("private.der", TestKeys.Pkcs8(keySpec));

        OpenSsl.Succeed(_directory, "pkey", "-inform", "DER", "-in", "private.der", "-pubout", "-outform", "DER", "-out", "public.der");

        Assert.Equal(key.PublicKeyDer, File.ReadAllBytes(_directory.File("public.der")));
    }

    [Theory]
    [MemberData(nameof(Signings))]
    public void Sign_OurSignature_VerifiesInOpenSsl(string keySpec, string algorithm, string messageType)
    {
        using var key = TestKeys.Load(keySpec);
        var message = Message(algorithm, messageType);
        Write("public.der", key.PublicKeyDer);
        Write("message", message);
        Write("signature", key.Sign(algorithm, messageType, message));

        OpenSsl.Succeed(_directory, VerifyArguments(algorithm, messageType));

        Write("message", [.. message[..^1], (byte)(message[^1] ^ 1)]);
        Assert.NotEqual(0, OpenSsl.Run(_directory, VerifyArguments(algorithm, messageType)).ExitCode);
    }

    [Theory]
    [MemberData(nameof(Signings))]
    public void Verify_OpenSslSignatureWithOurPrivateKey_ReturnsTrue(string keySpec, string algorithm, string messageType)
    {
        using var key = TestKeys.Load(keySpec);
        var message = Message(algorithm, messageType);
        Write("private.der", TestKeys.Pkcs8(keySpec));
        Write("message", message);

        OpenSsl.Succeed(_directory, SignArguments(algorithm, messageType));

        var signature = File.ReadAllBytes(_directory.File("signature"));
        Assert.True(key.Verify(algorithm, messageType, message, signature));
        Assert.False(key.Verify(algorithm, messageType, [.. message[..^1], (byte)(message[^1] ^ 1)], signature));
    }

    [Theory]
    [InlineData("RSA_2048", "RSAES_OAEP_SHA_1", "sha1")]
    [InlineData("RSA_2048", "RSAES_OAEP_SHA_256", "sha256")]
    [InlineData("RSA_3072", "RSAES_OAEP_SHA_256", "sha256")]
    [InlineData("RSA_4096", "RSAES_OAEP_SHA_1", "sha1")]
    public void Decrypt_OpenSslOaepCiphertext_ReturnsPlaintext(string keySpec, string algorithm, string hash)
    {
        using var key = TestKeys.Load(keySpec);
        var plaintext = RandomNumberGenerator.GetBytes(AsymmetricKey.MaxPlaintextBytes(keySpec, algorithm));
        Write("public.der", key.PublicKeyDer);
        Write("plaintext", plaintext);

        OpenSsl.Succeed(
            _directory, "pkeyutl", "-encrypt", "-pubin", "-inkey", "public.der", "-keyform", "DER", "-in", "plaintext", "-out", "ciphertext",
            "-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt", $"rsa_oaep_md:{hash}", "-pkeyopt", $"rsa_mgf1_md:{hash}");

        Assert.Equal(plaintext, key.Decrypt(algorithm, File.ReadAllBytes(_directory.File("ciphertext"))));
    }

    [Theory]
    [InlineData("RSA_2048", "RSAES_OAEP_SHA_1", "sha1")]
    [InlineData("RSA_2048", "RSAES_OAEP_SHA_256", "sha256")]
    [InlineData("RSA_4096", "RSAES_OAEP_SHA_256", "sha256")]
    public void Encrypt_OurOaepCiphertext_DecryptsInOpenSsl(string keySpec, string algorithm, string hash)
    {
        using var key = TestKeys.Load(keySpec);
        var plaintext = RandomNumberGenerator.GetBytes(100);
        Write("private.der", TestKeys.Pkcs8(keySpec));
        Write("ciphertext", key.Encrypt(algorithm, plaintext));

        OpenSsl.Succeed(
            _directory, "pkeyutl", "-decrypt", "-inkey", "private.der", "-keyform", "DER", "-in", "ciphertext", "-out", "plaintext",
            "-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt", $"rsa_oaep_md:{hash}", "-pkeyopt", $"rsa_mgf1_md:{hash}");

        Assert.Equal(plaintext, File.ReadAllBytes(_directory.File("plaintext")));
    }

    [Fact]
    public void Decrypt_OpenSslSm2Ciphertext_ReturnsPlaintext()
    {
        using var key = TestKeys.Load("SM2");
        var plaintext = RandomNumberGenerator.GetBytes(1024);
        Write("public.der", key.PublicKeyDer);
        Write("plaintext", plaintext);

        OpenSsl.Succeed(_directory, "pkeyutl", "-encrypt", "-pubin", "-inkey", "public.der", "-keyform", "DER", "-in", "plaintext", "-out", "ciphertext");

        Assert.Equal(plaintext, key.Decrypt("SM2PKE", File.ReadAllBytes(_directory.File("ciphertext"))));
    }

    [Fact]
    public void Encrypt_OurSm2Ciphertext_DecryptsInOpenSsl()
    {
        using var key = TestKeys.Load("SM2");
        var plaintext = RandomNumberGenerator.GetBytes(300);
        Write("private.der", TestKeys.Pkcs8("SM2"));
        Write("ciphertext", key.Encrypt("SM2PKE", plaintext));

        OpenSsl.Succeed(_directory, "pkeyutl", "-decrypt", "-inkey", "private.der", "-keyform", "DER", "-in", "ciphertext", "-out", "plaintext");

        Assert.Equal(plaintext, File.ReadAllBytes(_directory.File("plaintext")));
    }

    [Theory]
    [InlineData("ECC_NIST_P256", "P-256")]
    [InlineData("ECC_NIST_P384", "P-384")]
    [InlineData("ECC_NIST_P521", "P-521")]
    public void DeriveSharedSecret_OpenSslPeer_SameSecretAsOpenSslDerive(string keySpec, string curve)
    {
        using var key = TestKeys.Load(keySpec);
        Write("ours.der", key.PublicKeyDer);
        OpenSsl.Succeed(_directory, "genpkey", "-algorithm", "EC", "-pkeyopt", $"ec_paramgen_curve:{curve}", "-out", "peer.pem");
        OpenSsl.Succeed(_directory, "pkey", "-in", "peer.pem", "-pubout", "-outform", "DER", "-out", "peer-public.der");

        OpenSsl.Succeed(_directory, "pkeyutl", "-derive", "-inkey", "peer.pem", "-peerkey", "ours.der", "-peerform", "DER", "-out", "secret");

        var secret = key.DeriveSharedSecret("ECDH", File.ReadAllBytes(_directory.File("peer-public.der")));
        Assert.Equal(File.ReadAllBytes(_directory.File("secret")), secret);
    }

    [Fact]
    public void DeriveSharedSecret_Sm2Peer_IsXOfPrivateScalarTimesPeerPoint()
    {
        // OpenSSL 3.0 refuses derive on SM2 keys, even with the curve given explicitly ("operation not supported
        // for this keytype"), so this checks the definition instead: x(d · Q_peer), 32 bytes, on both sides.
        using var key = TestKeys.Load("SM2");
        using var peer = AsymmetricKey.Import("SM2", AsymmetricKey.GeneratePrivateKey("SM2"));
        var ourPrivate = (ECPrivateKeyParameters)PrivateKeyFactory.CreateKey(TestKeys.Pkcs8("SM2"));
        var peerPublic = (ECPublicKeyParameters)PublicKeyFactory.CreateKey(peer.PublicKeyDer);

        var expected = peerPublic.Q.Multiply(ourPrivate.D).Normalize().AffineXCoord.GetEncoded();

        Assert.Equal(expected, key.DeriveSharedSecret("ECDH", peer.PublicKeyDer));
        Assert.Equal(expected, peer.DeriveSharedSecret("ECDH", key.PublicKeyDer));
    }

    private static byte[] Message(string algorithm, string messageType)
    {
        if (messageType == "RAW")
        {
            return "Keyhold cross-checks its signatures with OpenSSL."u8.ToArray();
        }

        return RandomNumberGenerator.GetBytes(AsymmetricKey.DigestLength(algorithm)!.Value);
    }

    private static string Hash(string algorithm) => algorithm switch
    {
        "SM2DSA" => "sm3",
        _ when algorithm.EndsWith("256", StringComparison.Ordinal) => "sha256",
        _ when algorithm.EndsWith("384", StringComparison.Ordinal) => "sha384",
        _ => "sha512",
    };

    private static string[] PssOptions(string algorithm, string flag) =>
        algorithm.StartsWith("RSASSA_PSS", StringComparison.Ordinal)
            ? [flag, "rsa_padding_mode:pss", flag, "rsa_pss_saltlen:digest"]
            : [];

    private static string[] VerifyArguments(string algorithm, string messageType) => (algorithm, messageType) switch
    {
        ("ED25519_SHA_512", _) =>
            ["pkeyutl", "-verify", "-pubin", "-inkey", "public.der", "-keyform", "DER", "-rawin", "-in", "message", "-sigfile", "signature"],
        ("SM2DSA", "RAW") =>
            ["pkeyutl", "-verify", "-pubin", "-inkey", "public.der", "-keyform", "DER", "-rawin", "-digest", "sm3", "-pkeyopt", DistId, "-in", "message", "-sigfile", "signature"],
        ("SM2DSA", _) =>
            ["pkeyutl", "-verify", "-pubin", "-inkey", "public.der", "-keyform", "DER", "-in", "message", "-sigfile", "signature"],
        (_, "RAW") =>
            ["dgst", "-" + Hash(algorithm), "-verify", "public.der", "-keyform", "DER", "-signature", "signature", .. PssOptions(algorithm, "-sigopt"), "message"],
        _ =>
            ["pkeyutl", "-verify", "-pubin", "-inkey", "public.der", "-keyform", "DER", "-in", "message", "-sigfile", "signature", "-pkeyopt", "digest:" + Hash(algorithm), .. PssOptions(algorithm, "-pkeyopt")],
    };

    private static string[] SignArguments(string algorithm, string messageType) => (algorithm, messageType) switch
    {
        ("ED25519_SHA_512", _) =>
            ["pkeyutl", "-sign", "-inkey", "private.der", "-keyform", "DER", "-rawin", "-in", "message", "-out", "signature"],
        ("SM2DSA", "RAW") =>
            ["pkeyutl", "-sign", "-inkey", "private.der", "-keyform", "DER", "-rawin", "-digest", "sm3", "-pkeyopt", DistId, "-in", "message", "-out", "signature"],
        ("SM2DSA", _) =>
            ["pkeyutl", "-sign", "-inkey", "private.der", "-keyform", "DER", "-in", "message", "-out", "signature"],
        (_, "RAW") =>
            ["dgst", "-" + Hash(algorithm), "-sign", "private.der", "-keyform", "DER", "-out", "signature", .. PssOptions(algorithm, "-sigopt"), "message"],
        _ =>
            ["pkeyutl", "-sign", "-inkey", "private.der", "-keyform", "DER", "-in", "message", "-out", "signature", "-pkeyopt", "digest:" + Hash(algorithm), .. PssOptions(algorithm, "-pkeyopt")],
    };

    private void Write(string name, byte[] bytes) => File.WriteAllBytes(_directory.File(name), bytes);
}

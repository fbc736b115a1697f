using System.Security.Cryptography;
using Keyhold.Crypto.Asymmetric;

namespace Keyhold.Crypto.Tests.Asymmetric;

public class AsymmetricKeyTests
{
    private static readonly string[] AllSigningAlgorithms =
    [
        "RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512", "RSASSA_PKCS1_V1_5_SHA_256",
        "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512", "ECDSA_SHA_256", "ECDSA_SHA_384", "ECDSA_SHA_512",
        "SM2DSA", "ML_DSA_SHAKE_256", "ED25519_SHA_512", "ED25519_PH_SHA_512",
    ];

    private static readonly string[] MessageTypes = ["RAW", "DIGEST", "EXTERNAL_MU"];

    /// <summary>Every (key spec, signing algorithm, message type) AWS allows.</summary>
    public static TheoryData<string, string, string> AllowedSignings
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var keySpec in TestKeys.AsymmetricKeySpecs)
            {
                foreach (var algorithm in KeySpecs.Find(keySpec)!.SigningAlgorithms)
                {
                    foreach (var messageType in MessageTypes.Where(type => IsAllowed(algorithm, type)))
                    {
                        data.Add(keySpec, algorithm, messageType);
                    }
                }
            }

            return data;
        }
    }

    /// <summary>Every (key spec, signing algorithm) AWS does not allow.</summary>
    public static TheoryData<string, string> IncompatibleSignings
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var keySpec in TestKeys.AsymmetricKeySpecs)
            {
                foreach (var algorithm in AllSigningAlgorithms.Except(KeySpecs.Find(keySpec)!.SigningAlgorithms))
                {
                    data.Add(keySpec, algorithm);
                }
            }

            return data;
        }
    }

    /// <summary>Every (signing algorithm, message type) pair AWS refuses, with a key spec that has the algorithm.</summary>
    public static TheoryData<string, string, string> RefusedMessageTypes => new()
    {
        { "ECC_NIST_EDWARDS25519", "ED25519_SHA_512", "DIGEST" },
        { "ECC_NIST_EDWARDS25519", "ED25519_SHA_512", "EXTERNAL_MU" },
        { "ECC_NIST_EDWARDS25519", "ED25519_PH_SHA_512", "RAW" },
        { "ECC_NIST_EDWARDS25519", "ED25519_PH_SHA_512", "EXTERNAL_MU" },
        { "ML_DSA_44", "ML_DSA_SHAKE_256", "DIGEST" },
        { "RSA_2048", "RSASSA_PSS_SHA_256", "EXTERNAL_MU" },
        { "ECC_NIST_P256", "ECDSA_SHA_256", "EXTERNAL_MU" },
        { "SM2", "SM2DSA", "EXTERNAL_MU" },
        { "RSA_2048", "RSASSA_PKCS1_V1_5_SHA_256", "raw" },
        { "RSA_2048", "RSASSA_PKCS1_V1_5_SHA_256", "" },
    };

    public static TheoryData<string, string> Encryptions => new()
    {
        { "RSA_2048", "RSAES_OAEP_SHA_1" },
        { "RSA_2048", "RSAES_OAEP_SHA_256" },
        { "RSA_3072", "RSAES_OAEP_SHA_1" },
        { "RSA_3072", "RSAES_OAEP_SHA_256" },
        { "RSA_4096", "RSAES_OAEP_SHA_1" },
        { "RSA_4096", "RSAES_OAEP_SHA_256" },
        { "SM2", "SM2PKE" },
    };

    public static TheoryData<string> KeyAgreementSpecs => new() { "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521", "SM2" };

    public static TheoryData<string> AsymmetricSpecs => new(TestKeys.AsymmetricKeySpecs);

    [Theory]
    [MemberData(nameof(AllowedSignings))]
    public void Sign_AllowedCombination_VerifiesAndRejectsOtherMessage(string keySpec, string algorithm, string messageType)
    {
        using var key = TestKeys.Load(keySpec);
        var message = MessageFor(algorithm, messageType, 0x5A);

        var signature = key.Sign(algorithm, messageType, message);

        Assert.True(key.Verify(algorithm, messageType, message, signature));
        var other = MessageFor(algorithm, messageType, 0xA5);
        Assert.False(key.Verify(algorithm, messageType, other, signature));
        var tampered = signature.ToArray();
        tampered[tampered.Length / 2] ^= 0x01;
        Assert.False(key.Verify(algorithm, messageType, message, tampered));
    }

    [Theory]
    [MemberData(nameof(AllowedSignings))]
    public void Verify_MalformedSignature_ReturnsFalseWithoutThrowing(string keySpec, string algorithm, string messageType)
    {
        using var key = TestKeys.Load(keySpec);
        var message = MessageFor(algorithm, messageType, 0x11);
        var signature = key.Sign(algorithm, messageType, message);

        Assert.False(key.Verify(algorithm, messageType, message, []));
        Assert.False(key.Verify(algorithm, messageType, message, signature.AsSpan(0, signature.Length - 1)));
        Assert.False(key.Verify(algorithm, messageType, message, [.. signature, 0x00]));
        Assert.False(key.Verify(algorithm, messageType, message, new byte[signature.Length]));
        Assert.False(key.Verify(algorithm, messageType, message, [0x30, 0x03, 0x02, 0x01, 0x00]));
    }

    [Fact]
    public void Sign_DigestOfRawMessage_VerifiesAsRaw()
    {
        using var key = TestKeys.Load("ECC_NIST_P384");
        var message = "hello"u8.ToArray();

        var signature = key.Sign("ECDSA_SHA_384", "DIGEST", SHA384.HashData(message));

        Assert.True(key.Verify("ECDSA_SHA_384", "RAW", message, signature));
    }

    [Theory]
    [InlineData("RSA_2048", "RSASSA_PKCS1_V1_5_SHA_512")]
    [InlineData("RSA_3072", "RSASSA_PSS_SHA_256")]
    [InlineData("ECC_NIST_P521", "ECDSA_SHA_512")]
    public void Verify_RawSignatureAsDigestOfMessage_ReturnsTrue(string keySpec, string algorithm)
    {
        using var key = TestKeys.Load(keySpec);
        var message = "the same message"u8.ToArray();

        var signature = key.Sign(algorithm, "RAW", message);

        Assert.True(key.Verify(algorithm, "DIGEST", HashFor(algorithm, message), signature));
    }

    [Theory]
    [MemberData(nameof(IncompatibleSignings))]
    public void Sign_AlgorithmNotForKeySpec_ThrowsIncompatible(string keySpec, string algorithm)
    {
        using var key = TestKeys.Load(keySpec);

        var sign = Assert.Throws<AsymmetricInputException>(() => key.Sign(algorithm, "RAW", "m"u8));
        var verify = Assert.Throws<AsymmetricInputException>(() => key.Verify(algorithm, "RAW", "m"u8, new byte[64]));

        Assert.True(sign.IsIncompatibleAlgorithm);
        Assert.Equal($"Algorithm {algorithm} is incompatible with key spec {keySpec}.", sign.Message);
        Assert.True(verify.IsIncompatibleAlgorithm);
    }

    [Theory]
    [MemberData(nameof(RefusedMessageTypes))]
    public void Sign_MessageTypeNotForAlgorithm_ThrowsAsymmetricInput(string keySpec, string algorithm, string messageType)
    {
        using var key = TestKeys.Load(keySpec);

        Assert.Throws<AsymmetricInputException>(() => key.Sign(algorithm, messageType, new byte[64]));
        Assert.Throws<AsymmetricInputException>(() => key.Verify(algorithm, messageType, new byte[64], new byte[64]));
    }

    [Theory]
    [MemberData(nameof(AllowedSignings))]
    public void Sign_PrehashOfWrongLength_ThrowsAwsMessage(string keySpec, string algorithm, string messageType)
    {
        if (messageType == "RAW")
        {
            return;
        }

        using var key = TestKeys.Load(keySpec);
        var length = AsymmetricKey.DigestLength(algorithm)!.Value;

        foreach (var wrong in new[] { 0, length - 1, length + 1, 20 })
        {
            var e = Assert.Throws<AsymmetricInputException>(() => key.Sign(algorithm, messageType, new byte[wrong]));
            Assert.False(e.IsIncompatibleAlgorithm);
            Assert.Throws<AsymmetricInputException>(() => key.Verify(algorithm, messageType, new byte[wrong], new byte[64]));
        }

        if (messageType == "DIGEST")
        {
            Assert.Equal(
                $"Digest is invalid length for algorithm {algorithm}.",
                Assert.Throws<AsymmetricInputException>(() => key.Sign(algorithm, messageType, new byte[length + 1])).Message);
        }
    }

    [Theory]
    [InlineData("RSASSA_PSS_SHA_256", 32)]
    [InlineData("RSASSA_PKCS1_V1_5_SHA_384", 48)]
    [InlineData("RSASSA_PSS_SHA_512", 64)]
    [InlineData("ECDSA_SHA_256", 32)]
    [InlineData("ECDSA_SHA_384", 48)]
    [InlineData("ECDSA_SHA_512", 64)]
    [InlineData("ED25519_PH_SHA_512", 64)]
    [InlineData("ML_DSA_SHAKE_256", 64)]
    [InlineData("SM2DSA", 32)]
    public void DigestLength_Algorithm_ReturnsAwsLength(string algorithm, int length)
    {
        Assert.Equal(length, AsymmetricKey.DigestLength(algorithm));
    }

    [Fact]
    public void DigestLength_PureEd25519OrUnknown_ReturnsNull()
    {
        Assert.Null(AsymmetricKey.DigestLength("ED25519_SHA_512"));
        Assert.Null(AsymmetricKey.DigestLength("HMAC_SHA_256"));
    }

    [Theory]
    [InlineData("RSA_2048", "RSAES_OAEP_SHA_1", 214)]
    [InlineData("RSA_2048", "RSAES_OAEP_SHA_256", 190)]
    [InlineData("RSA_3072", "RSAES_OAEP_SHA_1", 342)]
    [InlineData("RSA_3072", "RSAES_OAEP_SHA_256", 318)]
    [InlineData("RSA_4096", "RSAES_OAEP_SHA_1", 470)]
    [InlineData("RSA_4096", "RSAES_OAEP_SHA_256", 446)]
    [InlineData("SM2", "SM2PKE", 1024)]
    public void MaxPlaintextBytes_KeySpecAndAlgorithm_ReturnsAwsLimit(string keySpec, string algorithm, int max)
    {
        Assert.Equal(max, AsymmetricKey.MaxPlaintextBytes(keySpec, algorithm));
    }

    [Theory]
    [InlineData("RSA_2048", "SM2PKE")]
    [InlineData("SM2", "RSAES_OAEP_SHA_1")]
    [InlineData("ECC_NIST_P256", "RSAES_OAEP_SHA_256")]
    [InlineData("SYMMETRIC_DEFAULT", "SYMMETRIC_DEFAULT")]
    public void MaxPlaintextBytes_AlgorithmNotForKeySpec_ThrowsIncompatible(string keySpec, string algorithm)
    {
        Assert.True(Assert.Throws<AsymmetricInputException>(() => AsymmetricKey.MaxPlaintextBytes(keySpec, algorithm)).IsIncompatibleAlgorithm);
    }

    [Theory]
    [MemberData(nameof(Encryptions))]
    public void Encrypt_UpToLimit_DecryptsToPlaintext(string keySpec, string algorithm)
    {
        using var key = TestKeys.Load(keySpec);
        var max = AsymmetricKey.MaxPlaintextBytes(keySpec, algorithm);

        foreach (var length in new[] { 1, 32, max })
        {
            var plaintext = RandomNumberGenerator.GetBytes(length);
            var first = key.Encrypt(algorithm, plaintext);
            var second = key.Encrypt(algorithm, plaintext);

            Assert.NotEqual(first, second);
            Assert.Equal(plaintext, key.Decrypt(algorithm, first));
            Assert.Equal(plaintext, key.Decrypt(algorithm, second));
        }
    }

    [Theory]
    [MemberData(nameof(Encryptions))]
    public void Encrypt_OverLimit_ThrowsAwsMessage(string keySpec, string algorithm)
    {
        using var key = TestKeys.Load(keySpec);
        var max = AsymmetricKey.MaxPlaintextBytes(keySpec, algorithm);

        var e = Assert.Throws<AsymmetricInputException>(() => key.Encrypt(algorithm, new byte[max + 1]));

        Assert.Equal($"Algorithm {algorithm} and key spec {keySpec} cannot encrypt data larger than {max} bytes.", e.Message);
    }

    [Theory]
    [MemberData(nameof(Encryptions))]
    public void Decrypt_TamperedTruncatedOrOtherAlgorithm_ReturnsNull(string keySpec, string algorithm)
    {
        using var key = TestKeys.Load(keySpec);
        var ciphertext = key.Encrypt(algorithm, "secret"u8);

        for (var i = 0; i < ciphertext.Length; i += Math.Max(1, ciphertext.Length / 16))
        {
            var tampered = ciphertext.ToArray();
            tampered[i] ^= 0x40;
            Assert.Null(key.Decrypt(algorithm, tampered));
        }

        Assert.Null(key.Decrypt(algorithm, ciphertext.AsSpan(0, ciphertext.Length - 1)));
        Assert.Null(key.Decrypt(algorithm, []));
        Assert.Null(key.Decrypt(algorithm, [.. ciphertext, 0x00]));
        Assert.Null(key.Decrypt("SYMMETRIC_DEFAULT", ciphertext));
        if (keySpec != "SM2")
        {
            var other = algorithm == "RSAES_OAEP_SHA_1" ? "RSAES_OAEP_SHA_256" : "RSAES_OAEP_SHA_1";
            Assert.Null(key.Decrypt(other, ciphertext));
        }
    }

    [Theory]
    [InlineData("ECC_NIST_P256")]
    [InlineData("ML_DSA_44")]
    [InlineData("ECC_NIST_EDWARDS25519")]
    public void Encrypt_SigningOnlyKeySpec_ThrowsIncompatible(string keySpec)
    {
        using var key = TestKeys.Load(keySpec);

        Assert.True(Assert.Throws<AsymmetricInputException>(() => key.Encrypt("RSAES_OAEP_SHA_256", "m"u8)).IsIncompatibleAlgorithm);
        Assert.Null(key.Decrypt("RSAES_OAEP_SHA_256", new byte[256]));
    }

    [Theory]
    [MemberData(nameof(KeyAgreementSpecs))]
    public void DeriveSharedSecret_TwoKeysOfSameCurve_AgreeOnFieldSizeSecret(string keySpec)
    {
        using var mine = TestKeys.Load(keySpec);
        using var peer = AsymmetricKey.Import(keySpec, AsymmetricKey.GeneratePrivateKey(keySpec));

        var secret = mine.DeriveSharedSecret("ECDH", peer.PublicKeyDer);

        Assert.Equal(secret, peer.DeriveSharedSecret("ECDH", mine.PublicKeyDer));
        Assert.Equal(keySpec == "ECC_NIST_P384" ? 48 : keySpec == "ECC_NIST_P521" ? 66 : 32, secret.Length);
    }

    [Theory]
    [MemberData(nameof(KeyAgreementSpecs))]
    public void DeriveSharedSecret_PeerKeyNotValidSpkiOnSameCurve_ThrowsAsymmetricInput(string keySpec)
    {
        using var key = TestKeys.Load(keySpec);
        var otherCurve = keySpec == "ECC_NIST_P256" ? "ECC_NIST_P384" : "ECC_NIST_P256";
        using var other = TestKeys.Load(otherCurve);
        using var rsa = TestKeys.Load("RSA_2048");
        var valid = key.PublicKeyDer;
        var offCurve = valid.ToArray();
        offCurve[^1] ^= 0x01;

        Assert.Throws<AsymmetricInputException>(() => key.DeriveSharedSecret("ECDH", other.PublicKeyDer));
        Assert.Throws<AsymmetricInputException>(() => key.DeriveSharedSecret("ECDH", rsa.PublicKeyDer));
        Assert.Throws<AsymmetricInputException>(() => key.DeriveSharedSecret("ECDH", []));
        Assert.Throws<AsymmetricInputException>(() => key.DeriveSharedSecret("ECDH", valid.AsSpan(0, valid.Length - 1)));
        Assert.Throws<AsymmetricInputException>(() => key.DeriveSharedSecret("ECDH", offCurve));
        Assert.Throws<AsymmetricInputException>(() => key.DeriveSharedSecret("ECDH", [.. valid, 0x00]));
    }

    [Theory]
    [InlineData("ECC_SECG_P256K1")]
    [InlineData("RSA_2048")]
    [InlineData("ECC_NIST_EDWARDS25519")]
    public void DeriveSharedSecret_KeySpecWithoutKeyAgreement_ThrowsIncompatible(string keySpec)
    {
        using var key = TestKeys.Load(keySpec);

        Assert.True(Assert.Throws<AsymmetricInputException>(() => key.DeriveSharedSecret("ECDH", key.PublicKeyDer)).IsIncompatibleAlgorithm);
    }

    [Theory]
    [MemberData(nameof(AsymmetricSpecs))]
    public void Import_GeneratedKey_KeepsPublicKeyAcrossImports(string keySpec)
    {
        using var first = TestKeys.Load(keySpec);
        using var second = TestKeys.Load(keySpec);

        Assert.Equal(keySpec, first.KeySpec);
        Assert.Equal(first.PublicKeyDer, second.PublicKeyDer);
    }

    [Theory]
    [MemberData(nameof(AsymmetricSpecs))]
    public void Import_KeyOfAnotherSpec_ThrowsCryptographicException(string keySpec)
    {
        foreach (var other in TestKeys.AsymmetricKeySpecs.Where(other => other != keySpec))
        {
            Assert.Throws<CryptographicException>(() => AsymmetricKey.Import(keySpec, TestKeys.Pkcs8(other)));
        }
    }

    [Theory]
    [MemberData(nameof(AsymmetricSpecs))]
    public void Import_GarbageOrTruncated_ThrowsCryptographicException(string keySpec)
    {
        var pkcs8 = TestKeys.Pkcs8(keySpec);

        Assert.Throws<CryptographicException>(() => AsymmetricKey.Import(keySpec, []));
        Assert.Throws<CryptographicException>(() => AsymmetricKey.Import(keySpec, RandomNumberGenerator.GetBytes(100)));
        Assert.Throws<CryptographicException>(() => AsymmetricKey.Import(keySpec, pkcs8[..^1]));
    }

    [Theory]
    [InlineData("SYMMETRIC_DEFAULT")]
    [InlineData("HMAC_256")]
    [InlineData("RSA_1024")]
    public void GeneratePrivateKeyAndImport_NotAsymmetric_ThrowsArgumentException(string keySpec)
    {
        Assert.Throws<ArgumentException>(() => AsymmetricKey.GeneratePrivateKey(keySpec));
        Assert.Throws<ArgumentException>(() => AsymmetricKey.Import(keySpec, TestKeys.Pkcs8("RSA_2048")));
    }

    [Theory]
    [MemberData(nameof(AsymmetricSpecs))]
    public void Sign_ConcurrentCallersOnOneKey_AllVerify(string keySpec)
    {
        using var key = TestKeys.Load(keySpec);
        var algorithm = KeySpecs.Find(keySpec)!.SigningAlgorithms[0];
        var messageType = algorithm == "ED25519_PH_SHA_512" ? "DIGEST" : "RAW";

        Parallel.For(0, 32, i =>
        {
            var message = MessageFor(algorithm, messageType, (byte)i);
            Assert.True(key.Verify(algorithm, messageType, message, key.Sign(algorithm, messageType, message)));
        });
    }

    private static bool IsAllowed(string algorithm, string messageType) => algorithm switch
    {
        "ED25519_SHA_512" => messageType == "RAW",
        "ED25519_PH_SHA_512" => messageType == "DIGEST",
        "ML_DSA_SHAKE_256" => messageType is "RAW" or "EXTERNAL_MU",
        _ => messageType is "RAW" or "DIGEST",
    };

    private static byte[] MessageFor(string algorithm, string messageType, byte fill)
    {
        var length = messageType == "RAW" ? 100 : AsymmetricKey.DigestLength(algorithm)!.Value;
        var message = new byte[length];
        Array.Fill(message, fill);
        message[0] = (byte)length;
        return message;
    }

    private static byte[] HashFor(string algorithm, byte[] message) => algorithm[^3..] switch
    {
        "256" => SHA256.HashData(message),
        "384" => SHA384.HashData(message),
        _ => SHA512.HashData(message),
    };
}

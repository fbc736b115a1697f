using System.Security.Cryptography;
using Keyhold.Crypto.Asymmetric;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Keyhold.Crypto.Tests.Asymmetric;

public class Ed25519KeyPairTests
{
    // RFC 8410 PKCS#8 and SubjectPublicKeyInfo prefixes for a raw Ed25519 seed / public key.
    private const string Pkcs8Prefix = "302e020100300506032b657004220420";
    private const string SpkiPrefix = "302a300506032b6570032100";

    [Fact]
    public void Sign_Rfc8032Section71Test1_ReturnsPublishedSignature()
    {
        using var key = Import("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");

        var signature = key.Sign("ED25519_SHA_512", "RAW", []);

        Assert.Equal(SpkiPrefix + "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", Convert.ToHexStringLower(key.PublicKeyDer));
        Assert.Equal(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
            Convert.ToHexStringLower(signature));
    }

    [Fact]
    public void SignPrehashed_Rfc8032Section73Ed25519phVector_ReturnsPublishedSignature()
    {
        var pkcs8 = Convert.FromHexString(Pkcs8Prefix + "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42");
        using var keyPair = Ed25519KeyPair.Import(KeyAlgorithmIdentifier.FromPkcs8(pkcs8), pkcs8);

        var signature = keyPair.SignPrehashed("abc"u8);

        Assert.Equal(SpkiPrefix + "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf", Convert.ToHexStringLower(keyPair.PublicKeyDer));
        Assert.Equal(
            "98a70222f0b8121aa9d30f813d683f809e462b469c7ff87639499bb94e6dae4131f85042463c2a355a2003d062adf5aaa10b8c61e636062aaad11c2a26083406",
            Convert.ToHexStringLower(signature));
    }

    [Fact]
    public void Sign_Ed25519phDigest_IsEd25519phOfTheDigestAsAwsDocuments()
    {
        // AWS: with ED25519_PH_SHA_512 and DIGEST, KMS still applies the SHA-512 prehash, so the caller's digest
        // is the Ed25519ph message. BouncyCastle's Ed25519phSigner over that digest must agree byte for byte.
        using var key = TestKeys.Load("ECC_NIST_EDWARDS25519");
        var digest = SHA512.HashData("the message"u8);
        var privateKey = new Ed25519PrivateKeyParameters(TestKeys.Pkcs8("ECC_NIST_EDWARDS25519").AsSpan(16, 32));
        var reference = new Ed25519phSigner([]);
        reference.Init(true, privateKey);
        reference.BlockUpdate(digest);

        var signature = key.Sign("ED25519_PH_SHA_512", "DIGEST", digest);

        Assert.Equal(reference.GenerateSignature(), signature);
        Assert.False(key.Verify("ED25519_SHA_512", "RAW", digest, signature));
    }

    [Fact]
    public void Verify_PureSignatureAsPrehashed_ReturnsFalse()
    {
        using var key = TestKeys.Load("ECC_NIST_EDWARDS25519");
        var digest = SHA512.HashData("m"u8);

        var pure = key.Sign("ED25519_SHA_512", "RAW", digest);

        Assert.False(key.Verify("ED25519_PH_SHA_512", "DIGEST", digest, pure));
    }

    private static AsymmetricKey Import(string seedHex) =>
        AsymmetricKey.Import("ECC_NIST_EDWARDS25519", Convert.FromHexString(Pkcs8Prefix + seedHex));
}

using System.Formats.Asn1;
using System.Security.Cryptography;
using Keyhold.Crypto.Asymmetric;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace Keyhold.Crypto.Tests.Asymmetric;

/// <summary>
/// ML-DSA against FIPS 204's definitions, with μ computed independently through .NET's SHAKE256:
/// tr = SHAKE256(pk, 64) and μ = SHAKE256(tr ‖ 0x00 ‖ 0x00 ‖ M, 64) for pure ML-DSA with an empty context
/// (Algorithm 2 and Algorithm 7 line 6). An EXTERNAL_MU signature must be the pure signature of M.
/// </summary>
public class MLDsaKeyPairTests
{
    public static TheoryData<string, int, int> Specs => new()
    {
        // FIPS 204 Table 2: public key and signature sizes.
        { "ML_DSA_44", 1312, 2420 },
        { "ML_DSA_65", 1952, 3309 },
        { "ML_DSA_87", 2592, 4627 },
    };

    [Theory]
    [MemberData(nameof(Specs))]
    public void PublicKeyDer_Spec_IsSpkiWithFips204Oid(string keySpec, int publicKeyLength, int signatureLength)
    {
        using var key = TestKeys.Load(keySpec);

        var (oid, publicKey) = ReadSpki(key.PublicKeyDer);

        Assert.Equal(keySpec switch { "ML_DSA_44" => "2.16.840.1.101.3.4.3.17", "ML_DSA_65" => "2.16.840.1.101.3.4.3.18", _ => "2.16.840.1.101.3.4.3.19" }, oid);
        Assert.Equal(publicKeyLength, publicKey.Length);
        Assert.Equal(signatureLength, key.Sign("ML_DSA_SHAKE_256", "RAW", "m"u8).Length);
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void Sign_ExternalMuOfMessage_VerifiesAsPureSignatureOfMessage(string keySpec, int publicKeyLength, int signatureLength)
    {
        using var key = TestKeys.Load(keySpec);
        var message = "a message whose mu is computed outside"u8.ToArray();
        var mu = Mu(key.PublicKeyDer, message);

        var signature = key.Sign("ML_DSA_SHAKE_256", "EXTERNAL_MU", mu);

        Assert.Equal(signatureLength, signature.Length);
        Assert.True(key.Verify("ML_DSA_SHAKE_256", "RAW", message, signature));
        Assert.True(key.Verify("ML_DSA_SHAKE_256", "EXTERNAL_MU", mu, signature));
        Assert.True(BouncyCastleVerify(key.PublicKeyDer, message, signature));
        Assert.False(key.Verify("ML_DSA_SHAKE_256", "RAW", [.. message, 0], signature));
        Assert.Equal(publicKeyLength, ReadSpki(key.PublicKeyDer).PublicKey.Length);
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void Verify_PureSignatureGivenMu_ReturnsTrue(string keySpec, int publicKeyLength, int signatureLength)
    {
        using var key = TestKeys.Load(keySpec);
        var message = RandomNumberGenerator.GetBytes(500);

        var signature = key.Sign("ML_DSA_SHAKE_256", "RAW", message);

        Assert.True(key.Verify("ML_DSA_SHAKE_256", "EXTERNAL_MU", Mu(key.PublicKeyDer, message), signature));
        Assert.False(key.Verify("ML_DSA_SHAKE_256", "EXTERNAL_MU", Mu(key.PublicKeyDer, [.. message, 1]), signature));
        Assert.True(BouncyCastleVerify(key.PublicKeyDer, message, signature));
        Assert.Equal(signatureLength, signature.Length);
        Assert.Equal(publicKeyLength, ReadSpki(key.PublicKeyDer).PublicKey.Length);
    }

    [Fact]
    public void Sign_Twice_HedgedSignaturesDiffer()
    {
        using var key = TestKeys.Load("ML_DSA_44");

        Assert.NotEqual(key.Sign("ML_DSA_SHAKE_256", "RAW", "m"u8), key.Sign("ML_DSA_SHAKE_256", "RAW", "m"u8));
    }

    [Fact]
    public void Import_ExpandedKeyEncoding_SameKey()
    {
        var seedOnly = TestKeys.Pkcs8("ML_DSA_65");
        var privateKey = (MLDsaPrivateKeyParameters)PrivateKeyFactory.CreateKey(seedOnly);
        var expanded = Org.BouncyCastle.Pkcs.PrivateKeyInfoFactory
            .CreatePrivateKeyInfo(privateKey.WithPreferredFormat(MLDsaPrivateKeyParameters.Format.EncodingOnly)).GetDerEncoded();
        using var fromSeed = AsymmetricKey.Import("ML_DSA_65", seedOnly);

        using var fromExpanded = AsymmetricKey.Import("ML_DSA_65", expanded);

        Assert.True(expanded.Length > 4000);
        Assert.Equal(fromSeed.PublicKeyDer, fromExpanded.PublicKeyDer);
    }

    private static byte[] Mu(byte[] spki, byte[] message)
    {
        var tr = Shake256.HashData(ReadSpki(spki).PublicKey, 64);
        return Shake256.HashData([.. tr, 0x00, 0x00, .. message], 64);
    }

    private static bool BouncyCastleVerify(byte[] spki, byte[] message, byte[] signature)
    {
        var publicKey = (MLDsaPublicKeyParameters)PublicKeyFactory.CreateKey(spki);
        var verifier = new MLDsaSigner(publicKey.Parameters, deterministic: true);
        verifier.Init(false, publicKey);
        verifier.BlockUpdate(message);
        return verifier.VerifySignature(signature);
    }

    private static (string Oid, byte[] PublicKey) ReadSpki(byte[] spki)
    {
        var info = new AsnReader(spki, AsnEncodingRules.DER).ReadSequence();
        var algorithm = info.ReadSequence();
        var oid = algorithm.ReadObjectIdentifier();
        Assert.False(algorithm.HasData);
        return (oid, info.ReadBitString(out _));
    }
}

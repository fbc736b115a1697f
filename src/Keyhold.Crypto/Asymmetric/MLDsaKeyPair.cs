using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Keyhold.Crypto.Asymmetric;

/// <summary>
/// ML_DSA_44/65/87 (FIPS 204) through BouncyCastle: .NET's MLDsa needs OpenSSL 3.5, and Linux here has 3.0.
/// ML_DSA_SHAKE_256 with RAW is pure ML-DSA with an empty context (hedged signing); with EXTERNAL_MU the message is
/// the 64-byte μ = SHAKE256(tr ‖ 0 ‖ 0 ‖ M) of FIPS 204 section 6.2, signed without hashing again.
/// </summary>
internal sealed class MLDsaKeyPair : KeyPair
{
    private readonly MLDsaPrivateKeyParameters _privateKey;
    private readonly MLDsaPublicKeyParameters _publicKey;

    private MLDsaKeyPair(MLDsaPrivateKeyParameters privateKey)
    {
        _privateKey = privateKey;
        _publicKey = privateKey.GetPublicKey();
        PublicKeyDer = BouncyCastleKeys.WritePublicKey(_publicKey);
    }

    public override byte[] PublicKeyDer { get; }

    public static MLDsaParameters ParametersOf(string keySpec) => keySpec switch
    {
        "ML_DSA_44" => MLDsaParameters.ml_dsa_44,
        "ML_DSA_65" => MLDsaParameters.ml_dsa_65,
        "ML_DSA_87" => MLDsaParameters.ml_dsa_87,
        _ => throw new ArgumentException($"{keySpec} is not an ML-DSA key spec.", nameof(keySpec)),
    };

    /// <summary>PKCS#8 with the 32-byte seed form of the private key (the compact form FIPS 204 key generation starts from).</summary>
    public static byte[] Generate(string keySpec)
    {
        var generator = new MLDsaKeyPairGenerator();
        generator.Init(new MLDsaKeyGenerationParameters(BouncyCastleKeys.Random(), ParametersOf(keySpec)));
        var privateKey = (MLDsaPrivateKeyParameters)generator.GenerateKeyPair().Private;
        return BouncyCastleKeys.WritePrivateKey(privateKey.WithPreferredFormat(MLDsaPrivateKeyParameters.Format.SeedOnly));
    }

    /// <summary>Accepts the seed, expanded-key and both-forms encodings of the ML-DSA private key.</summary>
    public static MLDsaKeyPair Import(string keySpec, KeyAlgorithmIdentifier algorithm, byte[] pkcs8)
    {
        var parameters = ParametersOf(keySpec);
        var oid = keySpec switch
        {
            "ML_DSA_44" => KeyAlgorithmIdentifier.MLDsa44,
            "ML_DSA_65" => KeyAlgorithmIdentifier.MLDsa65,
            _ => KeyAlgorithmIdentifier.MLDsa87,
        };
        if (algorithm.Algorithm != oid)
        {
            throw new CryptographicException($"The private key is not a {keySpec} key.");
        }

        var privateKey = BouncyCastleKeys.ReadPrivateKey<MLDsaPrivateKeyParameters>(pkcs8);
        return privateKey.Parameters == parameters
            ? new MLDsaKeyPair(privateKey)
            : throw new CryptographicException($"The private key is not a {keySpec} key.");
    }

    public override byte[] Sign(SigningAlgorithm algorithm, MessageKind kind, ReadOnlySpan<byte> message)
    {
        if (kind == MessageKind.ExternalMu)
        {
            return MLDsaExternalMu.Sign(_privateKey, message);
        }

        var signer = new MLDsaSigner(_privateKey.Parameters, deterministic: false);
        signer.Init(true, new ParametersWithRandom(_privateKey, BouncyCastleKeys.Random()));
        signer.BlockUpdate(message);
        return signer.GenerateSignature();
    }

    public override bool Verify(SigningAlgorithm algorithm, MessageKind kind, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (kind == MessageKind.ExternalMu)
        {
            return MLDsaExternalMu.Verify(_publicKey, message, signature);
        }

        var signer = new MLDsaSigner(_publicKey.Parameters, deterministic: false);
        signer.Init(false, _publicKey);
        signer.BlockUpdate(message);
        return signer.VerifySignature(signature.ToArray());
    }
}

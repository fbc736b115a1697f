using System.Collections.Frozen;
using System.Security.Cryptography;

namespace Keyhold.Crypto.Asymmetric;

/// <summary>
/// What a SigningAlgorithmSpec means: its hash, the message length DIGEST / EXTERNAL_MU require, which message types
/// AWS accepts for it, and for RSA the padding (PSS uses a salt as long as the hash, as AWS does).
/// </summary>
internal sealed record SigningAlgorithm(
    string Name,
    HashAlgorithmName Hash,
    int? PrehashLength,
    MessageKind[] MessageKinds,
    RSASignaturePadding? RsaPadding = null)
{
    private static readonly MessageKind[] RawOrDigest = [MessageKind.Raw, MessageKind.Digest];

    private static readonly FrozenDictionary<string, SigningAlgorithm> All = new SigningAlgorithm[]
    {
        new("RSASSA_PSS_SHA_256", HashAlgorithmName.SHA256, 32, RawOrDigest, RSASignaturePadding.Pss),
        new("RSASSA_PSS_SHA_384", HashAlgorithmName.SHA384, 48, RawOrDigest, RSASignaturePadding.Pss),
        new("RSASSA_PSS_SHA_512", HashAlgorithmName.SHA512, 64, RawOrDigest, RSASignaturePadding.Pss),
        new("RSASSA_PKCS1_V1_5_SHA_256", HashAlgorithmName.SHA256, 32, RawOrDigest, RSASignaturePadding.Pkcs1),
        new("RSASSA_PKCS1_V1_5_SHA_384", HashAlgorithmName.SHA384, 48, RawOrDigest, RSASignaturePadding.Pkcs1),
        new("RSASSA_PKCS1_V1_5_SHA_512", HashAlgorithmName.SHA512, 64, RawOrDigest, RSASignaturePadding.Pkcs1),
        new("ECDSA_SHA_256", HashAlgorithmName.SHA256, 32, RawOrDigest),
        new("ECDSA_SHA_384", HashAlgorithmName.SHA384, 48, RawOrDigest),
        new("ECDSA_SHA_512", HashAlgorithmName.SHA512, 64, RawOrDigest),
        // SM3 has no HashAlgorithmName; Sm2KeyPair hashes with BouncyCastle's SM3.
        new("SM2DSA", default, 32, RawOrDigest),
        // SHAKE256 is ML-DSA's own hash; only RAW (pure ML-DSA, empty context) and EXTERNAL_MU.
        new("ML_DSA_SHAKE_256", default, 64, [MessageKind.Raw, MessageKind.ExternalMu]),
        // Pure Ed25519 hashes internally and takes RAW only; Ed25519ph takes a SHA-512 digest (DIGEST only).
        new("ED25519_SHA_512", HashAlgorithmName.SHA512, null, [MessageKind.Raw]),
        new("ED25519_PH_SHA_512", HashAlgorithmName.SHA512, 64, [MessageKind.Digest]),
    }.ToFrozenDictionary(a => a.Name, StringComparer.Ordinal);

    public static SigningAlgorithm? Find(string name) => All.GetValueOrDefault(name);

    public static MessageKind? ParseMessageType(string messageType) => messageType switch
    {
        "RAW" => MessageKind.Raw,
        "DIGEST" => MessageKind.Digest,
        "EXTERNAL_MU" => MessageKind.ExternalMu,
        _ => null,
    };
}

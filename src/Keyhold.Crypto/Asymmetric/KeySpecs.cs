using System.Collections.Frozen;

namespace Keyhold.Crypto.Asymmetric;

/// <summary>AWS KMS's catalogue of key specs (KeySpec in the service model) and what each one can do.</summary>
public static class KeySpecs
{
    public const string SymmetricDefault = "SYMMETRIC_DEFAULT";

    private static readonly string[] None = [];
    private static readonly string[] RsaSigning =
    [
        "RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512",
        "RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512",
    ];
    private static readonly string[] RsaEncryption = ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"];
    private static readonly string[] Ecdh = ["ECDH"];

    private static readonly FrozenDictionary<string, KeySpecInfo> Catalogue = new KeySpecInfo[]
    {
        new(SymmetricDefault, ["ENCRYPT_DECRYPT"], [SymmetricDefault], None, None, None),
        Rsa("RSA_2048"),
        Rsa("RSA_3072"),
        Rsa("RSA_4096"),
        new("ECC_NIST_P256", ["SIGN_VERIFY", "KEY_AGREEMENT"], None, ["ECDSA_SHA_256"], Ecdh, None),
        new("ECC_NIST_P384", ["SIGN_VERIFY", "KEY_AGREEMENT"], None, ["ECDSA_SHA_384"], Ecdh, None),
        new("ECC_NIST_P521", ["SIGN_VERIFY", "KEY_AGREEMENT"], None, ["ECDSA_SHA_512"], Ecdh, None),
        new("ECC_SECG_P256K1", ["SIGN_VERIFY"], None, ["ECDSA_SHA_256"], None, None),
        new("ECC_NIST_EDWARDS25519", ["SIGN_VERIFY"], None, ["ED25519_SHA_512", "ED25519_PH_SHA_512"], None, None),
        new("SM2", ["SIGN_VERIFY", "ENCRYPT_DECRYPT", "KEY_AGREEMENT"], ["SM2PKE"], ["SM2DSA"], Ecdh, None),
        MLDsa("ML_DSA_44"),
        MLDsa("ML_DSA_65"),
        MLDsa("ML_DSA_87"),
        Hmac("HMAC_224"),
        Hmac("HMAC_256"),
        Hmac("HMAC_384"),
        Hmac("HMAC_512"),
    }.ToFrozenDictionary(info => info.KeySpec, StringComparer.Ordinal);

    /// <summary>The catalogue entry for <paramref name="keySpec"/>, or null if AWS has no such key spec.</summary>
    public static KeySpecInfo? Find(string keySpec) => Catalogue.GetValueOrDefault(keySpec);

    /// <summary>All key specs, in the service model's order of families.</summary>
    public static IEnumerable<KeySpecInfo> All => Catalogue.Values;

    /// <summary>RSA_*, ECC_*, SM2 and ML_DSA_*: key specs with a private/public key pair.</summary>
    public static bool IsAsymmetric(string keySpec) =>
        Catalogue.ContainsKey(keySpec) && keySpec != SymmetricDefault && !IsHmac(keySpec);

    public static bool IsHmac(string keySpec) => keySpec.StartsWith("HMAC_", StringComparison.Ordinal) && Catalogue.ContainsKey(keySpec);

    private static KeySpecInfo Rsa(string keySpec) =>
        new(keySpec, ["ENCRYPT_DECRYPT", "SIGN_VERIFY"], RsaEncryption, RsaSigning, None, None);

    private static KeySpecInfo MLDsa(string keySpec) => new(keySpec, ["SIGN_VERIFY"], None, ["ML_DSA_SHAKE_256"], None, None);

    private static KeySpecInfo Hmac(string keySpec) =>
        new(keySpec, ["GENERATE_VERIFY_MAC"], None, None, None, ["HMAC_SHA_" + keySpec["HMAC_".Length..]]);
}

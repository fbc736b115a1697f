using System.Collections.Concurrent;
using Keyhold.Crypto.Asymmetric;

namespace Keyhold.Crypto.Tests.Asymmetric;

/// <summary>One generated PKCS#8 key per key spec, shared by the tests (RSA-4096 generation takes a while).</summary>
internal static class TestKeys
{
    private static readonly ConcurrentDictionary<string, Lazy<byte[]>> Keys = new();

    public static readonly string[] AsymmetricKeySpecs =
    [
        "RSA_2048", "RSA_3072", "RSA_4096", "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521", "ECC_SECG_P256K1",
        "ECC_NIST_EDWARDS25519", "SM2", "ML_DSA_44", "ML_DSA_65", "ML_DSA_87",
    ];

    public static byte[] Pkcs8(string keySpec) =>
        Keys.GetOrAdd(keySpec, spec => new Lazy<byte[]>(() => AsymmetricKey.GeneratePrivateKey(spec))).Value.ToArray();

    public static AsymmetricKey Load(string keySpec) => AsymmetricKey.Import(keySpec, Pkcs8(keySpec));
}

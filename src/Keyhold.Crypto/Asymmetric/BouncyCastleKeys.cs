using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Keyhold.Crypto.Asymmetric;

/// <summary>PKCS#8 / SubjectPublicKeyInfo conversions for the key families BouncyCastle handles (Ed25519, ML-DSA, SM2).</summary>
internal static class BouncyCastleKeys
{
    public static T ReadPrivateKey<T>(byte[] pkcs8)
        where T : AsymmetricKeyParameter
    {
        AsymmetricKeyParameter key;
        try
        {
            key = PrivateKeyFactory.CreateKey(pkcs8);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or FormatException or CryptoException)
        {
            throw new CryptographicException("The private key is not a valid PKCS#8 PrivateKeyInfo.", e);
        }

        return key as T ?? throw new CryptographicException("The private key is not of the expected type.");
    }

    public static byte[] WritePrivateKey(AsymmetricKeyParameter privateKey) =>
        PrivateKeyInfoFactory.CreatePrivateKeyInfo(privateKey).GetDerEncoded();

    public static byte[] WritePublicKey(AsymmetricKeyParameter publicKey) =>
        SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(publicKey).GetDerEncoded();

    /// <summary>A fresh BouncyCastle random source over the operating system's CSPRNG.</summary>
    public static SecureRandom Random() => new();
}

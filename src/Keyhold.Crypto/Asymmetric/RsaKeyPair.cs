using System.Security.Cryptography;

namespace Keyhold.Crypto.Asymmetric;

/// <summary>RSA_2048/3072/4096 through .NET's <see cref="RSA"/> (OpenSSL on Linux).</summary>
internal sealed class RsaKeyPair : KeyPair
{
    private readonly RSA _rsa;

    private RsaKeyPair(RSA rsa)
    {
        _rsa = rsa;
        PublicKeyDer = rsa.ExportSubjectPublicKeyInfo();
    }

    public override byte[] PublicKeyDer { get; }

    public static int KeySizeOf(string keySpec) => keySpec switch
    {
        "RSA_2048" => 2048,
        "RSA_3072" => 3072,
        "RSA_4096" => 4096,
        _ => throw new ArgumentException($"{keySpec} is not an RSA key spec.", nameof(keySpec)),
    };

    public static byte[] Generate(int keySize)
    {
        using var rsa = RSA.Create(keySize);
        return rsa.ExportPkcs8PrivateKey();
    }

    public static RsaKeyPair Import(string keySpec, KeyAlgorithmIdentifier algorithm, byte[] pkcs8)
    {
        if (algorithm.Algorithm != KeyAlgorithmIdentifier.Rsa)
        {
            throw new CryptographicException($"The private key is not an RSA key ({keySpec}).");
        }

        var rsa = RSA.Create();
        try
        {
            rsa.ImportPkcs8PrivateKey(pkcs8, out var read);
            if (read != pkcs8.Length || rsa.KeySize != KeySizeOf(keySpec))
            {
                throw new CryptographicException($"The private key is not a {keySpec} key.");
            }

            return new RsaKeyPair(rsa);
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }

    public override byte[] Sign(SigningAlgorithm algorithm, MessageKind kind, ReadOnlySpan<byte> message) =>
        kind == MessageKind.Raw
            ? _rsa.SignData(message, algorithm.Hash, algorithm.RsaPadding!)
            // SignHash wraps the digest in the DigestInfo for PKCS#1 v1.5, and uses salt length = hash length for PSS.
            : _rsa.SignHash(message, algorithm.Hash, algorithm.RsaPadding!);

    public override bool Verify(SigningAlgorithm algorithm, MessageKind kind, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        try
        {
            return kind == MessageKind.Raw
                ? _rsa.VerifyData(message, signature, algorithm.Hash, algorithm.RsaPadding!)
                : _rsa.VerifyHash(message, signature, algorithm.Hash, algorithm.RsaPadding!);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public override byte[] Encrypt(string algorithm, ReadOnlySpan<byte> plaintext) =>
        _rsa.Encrypt(plaintext, Padding(algorithm));

    public override byte[]? Decrypt(string algorithm, ReadOnlySpan<byte> ciphertext)
    {
        try
        {
            return _rsa.Decrypt(ciphertext, Padding(algorithm));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _rsa.Dispose();
        }

        base.Dispose(disposing);
    }

    // .NET's OAEP paddings use MGF1 with the same hash as the label hash, as AWS's RSAES_OAEP_SHA_* do.
    private static RSAEncryptionPadding Padding(string algorithm) =>
        algorithm == "RSAES_OAEP_SHA_1" ? RSAEncryptionPadding.OaepSHA1 : RSAEncryptionPadding.OaepSHA256;
}

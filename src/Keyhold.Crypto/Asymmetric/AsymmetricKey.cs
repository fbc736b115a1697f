using System.Security.Cryptography;

namespace Keyhold.Crypto.Asymmetric;

/// <summary>
/// A loaded asymmetric private key of one AWS KeySpec: signs, verifies, decrypts and derives shared secrets exactly
/// as AWS KMS does for that spec. Thread-safe for concurrent use; the server caches one per key-material version.
/// The private key is never logged and never leaves except through <see cref="GeneratePrivateKey"/>'s return value.
/// </summary>
public sealed class AsymmetricKey : IDisposable
{
    private readonly KeyPair _keyPair;
    private readonly KeySpecInfo _info;

    private AsymmetricKey(KeySpecInfo info, KeyPair keyPair)
    {
        _info = info;
        _keyPair = keyPair;
    }

    public string KeySpec => _info.KeySpec;

    /// <summary>DER SubjectPublicKeyInfo, what GetPublicKey returns and what <c>openssl -pubin -inform DER</c> reads.</summary>
    public byte[] PublicKeyDer => _keyPair.PublicKeyDer.ToArray();

    /// <summary>A new private key as DER PKCS#8 PrivateKeyInfo, for every asymmetric KeySpec and DataKeyPairSpec.</summary>
    /// <exception cref="ArgumentException">The key spec is not asymmetric.</exception>
    public static byte[] GeneratePrivateKey(string keySpec) => keySpec switch
    {
        "RSA_2048" or "RSA_3072" or "RSA_4096" => RsaKeyPair.Generate(RsaKeyPair.KeySizeOf(keySpec)),
        "ECC_NIST_P256" or "ECC_NIST_P384" or "ECC_NIST_P521" or "ECC_SECG_P256K1" => EcKeyPair.Generate(keySpec),
        "ECC_NIST_EDWARDS25519" => Ed25519KeyPair.Generate(),
        "SM2" => Sm2KeyPair.Generate(),
        "ML_DSA_44" or "ML_DSA_65" or "ML_DSA_87" => MLDsaKeyPair.Generate(keySpec),
        _ => throw new ArgumentException($"{keySpec} is not an asymmetric key spec.", nameof(keySpec)),
    };

    /// <summary>Loads a DER PKCS#8 private key of <paramref name="keySpec"/>.</summary>
    /// <exception cref="CryptographicException">It does not parse, or is not a key of that spec (type, size, curve).</exception>
    public static AsymmetricKey Import(string keySpec, byte[] pkcs8)
    {
        ArgumentNullException.ThrowIfNull(pkcs8);
        var info = KeySpecs.Find(keySpec);
        if (info is null || !KeySpecs.IsAsymmetric(keySpec))
        {
            throw new ArgumentException($"{keySpec} is not an asymmetric key spec.", nameof(keySpec));
        }

        var algorithm = KeyAlgorithmIdentifier.FromPkcs8(pkcs8);
        KeyPair keyPair = keySpec switch
        {
            "RSA_2048" or "RSA_3072" or "RSA_4096" => RsaKeyPair.Import(keySpec, algorithm, pkcs8),
            "ECC_NIST_P256" or "ECC_NIST_P384" or "ECC_NIST_P521" or "ECC_SECG_P256K1" => EcKeyPair.Import(keySpec, algorithm, pkcs8),
            "ECC_NIST_EDWARDS25519" => Ed25519KeyPair.Import(algorithm, pkcs8),
            "SM2" => Sm2KeyPair.Import(algorithm, pkcs8),
            _ => MLDsaKeyPair.Import(keySpec, algorithm, pkcs8),
        };
        return new AsymmetricKey(info, keyPair);
    }

    /// <summary>
    /// Signs as AWS Sign does. <paramref name="messageType"/> is RAW, DIGEST or EXTERNAL_MU. RSA-PSS, RSA PKCS#1 v1.5
    /// and ECDSA signatures are the standard encodings (ECDSA: DER <c>SEQUENCE { r, s }</c>).
    /// </summary>
    /// <exception cref="AsymmetricInputException">Algorithm not for this key spec, message type not for this
    /// algorithm, or a digest of the wrong length.</exception>
    public byte[] Sign(string signingAlgorithm, string messageType, ReadOnlySpan<byte> message)
    {
        var (algorithm, kind) = CheckSigning(signingAlgorithm, messageType, message.Length);
        return _keyPair.Sign(algorithm, kind, message);
    }

    /// <summary>Verifies as AWS Verify does: false for any wrong or malformed signature.</summary>
    /// <exception cref="AsymmetricInputException">The same input errors as <see cref="Sign"/>.</exception>
    public bool Verify(string signingAlgorithm, string messageType, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        var (algorithm, kind) = CheckSigning(signingAlgorithm, messageType, message.Length);
        return _keyPair.Verify(algorithm, kind, message, signature);
    }

    /// <summary>RSAES_OAEP_SHA_1 / RSAES_OAEP_SHA_256 (MGF1 with the same hash) or SM2PKE (GM/T 0009 DER ciphertext).</summary>
    /// <exception cref="AsymmetricInputException">Algorithm not for this key spec, or plaintext over AWS's limit.</exception>
    public byte[] Encrypt(string encryptionAlgorithm, ReadOnlySpan<byte> plaintext)
    {
        CheckEncryption(encryptionAlgorithm);
        var max = MaxPlaintextBytes(KeySpec, encryptionAlgorithm);
        if (plaintext.Length > max)
        {
            throw new AsymmetricInputException(
                $"Algorithm {encryptionAlgorithm} and key spec {KeySpec} cannot encrypt data larger than {max} bytes.");
        }

        return _keyPair.Encrypt(encryptionAlgorithm, plaintext);
    }

    /// <summary>The plaintext, or null for any failure (wrong algorithm, malformed or tampered ciphertext), uniformly.</summary>
    public byte[]? Decrypt(string encryptionAlgorithm, ReadOnlySpan<byte> ciphertext) =>
        _info.EncryptionAlgorithms.Contains(encryptionAlgorithm) ? _keyPair.Decrypt(encryptionAlgorithm, ciphertext) : null;

    /// <summary>ECDH: the raw shared secret (the x-coordinate of the shared point, field-size bytes), as AWS returns it.</summary>
    /// <exception cref="AsymmetricInputException">Algorithm not for this key spec, or the peer key is not a valid
    /// SubjectPublicKeyInfo on this key's curve.</exception>
    public byte[] DeriveSharedSecret(string keyAgreementAlgorithm, ReadOnlySpan<byte> peerPublicKeyDer)
    {
        if (!_info.KeyAgreementAlgorithms.Contains(keyAgreementAlgorithm))
        {
            throw AsymmetricInputException.Incompatible(keyAgreementAlgorithm, KeySpec);
        }

        return _keyPair.DeriveSharedSecret(peerPublicKeyDer);
    }

    /// <summary>AWS's plaintext limit for asymmetric Encrypt (RSA: key bytes − 2·hash − 2; SM2PKE: 1024).</summary>
    /// <exception cref="AsymmetricInputException">The algorithm is not one the key spec encrypts with.</exception>
    public static int MaxPlaintextBytes(string keySpec, string encryptionAlgorithm)
    {
        var info = KeySpecs.Find(keySpec);
        if (info is null || !info.EncryptionAlgorithms.Contains(encryptionAlgorithm) || encryptionAlgorithm == KeySpecs.SymmetricDefault)
        {
            throw AsymmetricInputException.Incompatible(encryptionAlgorithm, keySpec);
        }

        return encryptionAlgorithm switch
        {
            "SM2PKE" => 1024,
            "RSAES_OAEP_SHA_1" => (RsaKeyPair.KeySizeOf(keySpec) / 8) - (2 * 20) - 2,
            _ => (RsaKeyPair.KeySizeOf(keySpec) / 8) - (2 * 32) - 2,
        };
    }

    /// <summary>
    /// The exact Message length for MessageType DIGEST (or EXTERNAL_MU for ML_DSA_SHAKE_256): 32/48/64 for the SHA-2
    /// algorithms, 64 for ED25519_PH_SHA_512 and ML-DSA's μ, 32 for SM2DSA; null where there is none (ED25519_SHA_512).
    /// </summary>
    public static int? DigestLength(string signingAlgorithm) => SigningAlgorithm.Find(signingAlgorithm)?.PrehashLength;

    public void Dispose() => _keyPair.Dispose();

    private (SigningAlgorithm Algorithm, MessageKind Kind) CheckSigning(string signingAlgorithm, string messageType, int messageLength)
    {
        var algorithm = SigningAlgorithm.Find(signingAlgorithm);
        if (algorithm is null || !_info.SigningAlgorithms.Contains(signingAlgorithm))
        {
            throw AsymmetricInputException.Incompatible(signingAlgorithm, KeySpec);
        }

        var kind = SigningAlgorithm.ParseMessageType(messageType);
        if (kind is not { } k || !algorithm.MessageKinds.Contains(k))
        {
            throw new AsymmetricInputException($"MessageType {messageType} is not supported for signing algorithm {signingAlgorithm}.");
        }

        if (k != MessageKind.Raw && messageLength != algorithm.PrehashLength)
        {
            throw new AsymmetricInputException(k == MessageKind.ExternalMu
                ? $"External mu is invalid length for algorithm {signingAlgorithm}."
                : $"Digest is invalid length for algorithm {signingAlgorithm}.");
        }

        return (algorithm, k);
    }

    private void CheckEncryption(string encryptionAlgorithm)
    {
        if (!_info.EncryptionAlgorithms.Contains(encryptionAlgorithm))
        {
            throw AsymmetricInputException.Incompatible(encryptionAlgorithm, KeySpec);
        }
    }
}

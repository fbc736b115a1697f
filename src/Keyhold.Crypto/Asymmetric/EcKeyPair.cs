using System.Security.Cryptography;

namespace Keyhold.Crypto.Asymmetric;

/// <summary>
/// ECC_NIST_P256/P384/P521 and ECC_SECG_P256K1 through .NET's <see cref="ECDsa"/> and <see cref="ECDiffieHellman"/>
/// (OpenSSL on Linux, which has secp256k1 as a named curve).
/// </summary>
internal sealed class EcKeyPair : KeyPair
{
    private readonly ECDsa _ecdsa;
    private readonly ECDiffieHellman _ecdh;
    private readonly string _curveOid;

    private EcKeyPair(ECDsa ecdsa, ECDiffieHellman ecdh, string curveOid)
    {
        _ecdsa = ecdsa;
        _ecdh = ecdh;
        _curveOid = curveOid;
        PublicKeyDer = ecdsa.ExportSubjectPublicKeyInfo();
    }

    public override byte[] PublicKeyDer { get; }

    public static string CurveOidOf(string keySpec) => keySpec switch
    {
        "ECC_NIST_P256" => KeyAlgorithmIdentifier.P256,
        "ECC_NIST_P384" => KeyAlgorithmIdentifier.P384,
        "ECC_NIST_P521" => KeyAlgorithmIdentifier.P521,
        "ECC_SECG_P256K1" => KeyAlgorithmIdentifier.Secp256k1,
        _ => throw new ArgumentException($"{keySpec} is not an ECC key spec.", nameof(keySpec)),
    };

    public static byte[] Generate(string keySpec)
    {
        using var ecdsa = ECDsa.Create(ECCurve.CreateFromValue(CurveOidOf(keySpec)));
        return ecdsa.ExportPkcs8PrivateKey();
    }

    public static EcKeyPair Import(string keySpec, KeyAlgorithmIdentifier algorithm, byte[] pkcs8)
    {
        var curveOid = CurveOidOf(keySpec);
        if (algorithm.Algorithm != KeyAlgorithmIdentifier.EcPublicKey || algorithm.Curve != curveOid)
        {
            throw new CryptographicException($"The private key is not a {keySpec} key.");
        }

        var ecdsa = ECDsa.Create();
        var ecdh = ECDiffieHellman.Create();
        try
        {
            ecdsa.ImportPkcs8PrivateKey(pkcs8, out var read);
            ecdh.ImportPkcs8PrivateKey(pkcs8, out _);
            if (read != pkcs8.Length)
            {
                throw new CryptographicException($"The private key is not a {keySpec} key.");
            }

            return new EcKeyPair(ecdsa, ecdh, curveOid);
        }
        catch
        {
            ecdsa.Dispose();
            ecdh.Dispose();
            throw;
        }
    }

    public override byte[] Sign(SigningAlgorithm algorithm, MessageKind kind, ReadOnlySpan<byte> message) =>
        kind == MessageKind.Raw
            ? _ecdsa.SignData(message, algorithm.Hash, DSASignatureFormat.Rfc3279DerSequence)
            : _ecdsa.SignHash(message, DSASignatureFormat.Rfc3279DerSequence);

    public override bool Verify(SigningAlgorithm algorithm, MessageKind kind, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        try
        {
            return kind == MessageKind.Raw
                ? _ecdsa.VerifyData(message, signature, algorithm.Hash, DSASignatureFormat.Rfc3279DerSequence)
                : _ecdsa.VerifyHash(message, signature, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public override byte[] DeriveSharedSecret(ReadOnlySpan<byte> peerPublicKeyDer)
    {
        var der = peerPublicKeyDer.ToArray();
        var algorithm = KeyAlgorithmIdentifier.FromSubjectPublicKeyInfo(der);
        if (algorithm is not { Algorithm: KeyAlgorithmIdentifier.EcPublicKey } a || a.Curve != _curveOid)
        {
            throw new AsymmetricInputException("The public key is not a valid DER-encoded X.509 public key on the curve of the KMS key.");
        }

        using var peer = ECDiffieHellman.Create();
        try
        {
            // OpenSSL checks that the point is on the curve while importing it.
            peer.ImportSubjectPublicKeyInfo(der, out _);
            return _ecdh.DeriveRawSecretAgreement(peer.PublicKey);
        }
        catch (CryptographicException e)
        {
            throw new AsymmetricInputException("The public key is not a valid DER-encoded X.509 public key on the curve of the KMS key.", e);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _ecdsa.Dispose();
            _ecdh.Dispose();
        }

        base.Dispose(disposing);
    }
}

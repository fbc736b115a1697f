using System.Formats.Asn1;
using System.Security.Cryptography;

namespace Keyhold.Crypto.Asymmetric;

/// <summary>
/// The AlgorithmIdentifier of a PKCS#8 PrivateKeyInfo or an X.509 SubjectPublicKeyInfo: the key algorithm OID and,
/// for EC keys, the named-curve OID. Read before handing the bytes to a library so that a key of the wrong type or
/// curve is refused up front rather than half-accepted.
/// </summary>
internal readonly record struct KeyAlgorithmIdentifier(string Algorithm, string? Curve)
{
    public const string Rsa = "1.2.840.113549.1.1.1";
    public const string EcPublicKey = "1.2.840.10045.2.1";
    public const string Ed25519 = "1.3.101.112";
    public const string P256 = "1.2.840.10045.3.1.7";
    public const string P384 = "1.3.132.0.34";
    public const string P521 = "1.3.132.0.35";
    public const string Secp256k1 = "1.3.132.0.10";
    public const string Sm2Curve = "1.2.156.10197.1.301";
    public const string MLDsa44 = "2.16.840.1.101.3.4.3.17";
    public const string MLDsa65 = "2.16.840.1.101.3.4.3.18";
    public const string MLDsa87 = "2.16.840.1.101.3.4.3.19";

    /// <summary>Reads <c>PrivateKeyInfo ::= SEQUENCE { version, AlgorithmIdentifier, OCTET STRING, ... }</c>.</summary>
    public static KeyAlgorithmIdentifier FromPkcs8(byte[] pkcs8)
    {
        try
        {
            var outer = new AsnReader(pkcs8, AsnEncodingRules.DER);
            var info = outer.ReadSequence();
            outer.ThrowIfNotEmpty();
            _ = info.ReadInteger();
            return ReadAlgorithm(info);
        }
        catch (AsnContentException e)
        {
            throw new CryptographicException("The private key is not a DER PKCS#8 PrivateKeyInfo.", e);
        }
    }

    /// <summary>Reads <c>SubjectPublicKeyInfo ::= SEQUENCE { AlgorithmIdentifier, BIT STRING }</c>; null if malformed.</summary>
    public static KeyAlgorithmIdentifier? FromSubjectPublicKeyInfo(byte[] spki)
    {
        try
        {
            var outer = new AsnReader(spki, AsnEncodingRules.DER);
            var info = outer.ReadSequence();
            outer.ThrowIfNotEmpty();
            var algorithm = ReadAlgorithm(info);
            _ = info.ReadBitString(out _);
            info.ThrowIfNotEmpty();
            return algorithm;
        }
        catch (AsnContentException)
        {
            return null;
        }
    }

    private static KeyAlgorithmIdentifier ReadAlgorithm(AsnReader info)
    {
        var algorithmIdentifier = info.ReadSequence();
        var algorithm = algorithmIdentifier.ReadObjectIdentifier();
        string? curve = null;
        if (algorithmIdentifier.HasData && algorithmIdentifier.PeekTag().HasSameClassAndValue(Asn1Tag.ObjectIdentifier))
        {
            curve = algorithmIdentifier.ReadObjectIdentifier();
        }

        return new KeyAlgorithmIdentifier(algorithm, curve);
    }
}

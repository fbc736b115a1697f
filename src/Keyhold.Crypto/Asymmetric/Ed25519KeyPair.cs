using System.Formats.Asn1;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Keyhold.Crypto.Asymmetric;

/// <summary>
/// ECC_NIST_EDWARDS25519 through BouncyCastle (.NET has no Ed25519). ED25519_SHA_512 is pure Ed25519 over the RAW
/// message. ED25519_PH_SHA_512 is Ed25519ph (RFC 8032 5.1, empty context) whose message is the caller's 64-byte
/// SHA-512 digest: as AWS documents, KMS still applies the SHA-512 prehash of FIPS 186-5 7.8.1 to it, so the input is
/// hashed twice, once by the caller and once here.
/// </summary>
internal sealed class Ed25519KeyPair : KeyPair
{
    private static readonly byte[] EmptyContext = [];

    private readonly Ed25519PrivateKeyParameters _privateKey;
    private readonly Ed25519PublicKeyParameters _publicKey;

    private Ed25519KeyPair(Ed25519PrivateKeyParameters privateKey)
    {
        _privateKey = privateKey;
        _publicKey = privateKey.GeneratePublicKey();
        PublicKeyDer = BouncyCastleKeys.WritePublicKey(_publicKey);
    }

    public override byte[] PublicKeyDer { get; }

    /// <summary>RFC 8410 PKCS#8: <c>SEQUENCE { 0, SEQUENCE { id-Ed25519 }, OCTET STRING { OCTET STRING seed } }</c>, as OpenSSL writes it.</summary>
    public static byte[] Generate()
    {
        Span<byte> seed = stackalloc byte[Ed25519.SecretKeySize];
        RandomNumberGenerator.Fill(seed);
        try
        {
            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                writer.WriteInteger(0);
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(KeyAlgorithmIdentifier.Ed25519);
                }

                using (writer.PushOctetString())
                {
                    writer.WriteOctetString(seed);
                }
            }

            return writer.Encode();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    public static Ed25519KeyPair Import(KeyAlgorithmIdentifier algorithm, byte[] pkcs8)
    {
        if (algorithm.Algorithm != KeyAlgorithmIdentifier.Ed25519)
        {
            throw new CryptographicException("The private key is not an Ed25519 key (ECC_NIST_EDWARDS25519).");
        }

        return new Ed25519KeyPair(BouncyCastleKeys.ReadPrivateKey<Ed25519PrivateKeyParameters>(pkcs8));
    }

    public override byte[] Sign(SigningAlgorithm algorithm, MessageKind kind, ReadOnlySpan<byte> message)
    {
        if (kind == MessageKind.Raw)
        {
            var signature = new byte[Ed25519.SignatureSize];
            _privateKey.Sign(Ed25519.Algorithm.Ed25519, null, message, signature);
            return signature;
        }

        return SignPrehashed(message);
    }

    public override bool Verify(SigningAlgorithm algorithm, MessageKind kind, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != Ed25519.SignatureSize)
        {
            return false;
        }

        return kind == MessageKind.Raw
            ? _publicKey.Verify(Ed25519.Algorithm.Ed25519, null, message, signature)
            : _publicKey.Verify(Ed25519.Algorithm.Ed25519ph, EmptyContext, PreHash(message), signature);
    }

    /// <summary>Ed25519ph (RFC 8032 5.1, empty context) of <paramref name="message"/>: sign PH(M) = SHA-512(M).</summary>
    internal byte[] SignPrehashed(ReadOnlySpan<byte> message)
    {
        var signature = new byte[Ed25519.SignatureSize];
        _privateKey.Sign(Ed25519.Algorithm.Ed25519ph, EmptyContext, PreHash(message), signature);
        return signature;
    }

    private static byte[] PreHash(ReadOnlySpan<byte> message) => SHA512.HashData(message);
}

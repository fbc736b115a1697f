using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities;

namespace Keyhold.Crypto.Asymmetric;

/// <summary>
/// SM2 (GB/T 32918, curve sm2p256v1) through BouncyCastle: .NET has no SM2 or SM3. SM2DSA signs
/// e = SM3(Z ‖ M) with the default distinguishing ID 1234567812345678 (RAW), or a caller-computed e (DIGEST), see
/// <see cref="Sm2Signature"/>. SM2PKE uses C1C3C2 with SM3, carried as the GM/T 0009 DER structure
/// (<see cref="Sm2Ciphertext"/>). ECDH is plain ECDH on the SM2 curve, returning the shared x-coordinate.
/// </summary>
internal sealed class Sm2KeyPair : KeyPair
{
    private static readonly ECNamedDomainParameters Domain =
        new(GMObjectIdentifiers.sm2p256v1, GMNamedCurves.GetByOid(GMObjectIdentifiers.sm2p256v1));

    private readonly ECPrivateKeyParameters _privateKey;
    private readonly ECPublicKeyParameters _publicKey;
    private readonly byte[] _z;

    private Sm2KeyPair(ECPrivateKeyParameters privateKey)
    {
        _privateKey = privateKey;
        _publicKey = new ECPublicKeyParameters(Domain.G.Multiply(privateKey.D).Normalize(), Domain);
        _z = Sm2Signature.ComputeZ(_publicKey);
        PublicKeyDer = BouncyCastleKeys.WritePublicKey(_publicKey);
    }

    public override byte[] PublicKeyDer { get; }

    public static byte[] Generate()
    {
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(Domain, BouncyCastleKeys.Random()));
        while (true)
        {
            var privateKey = (ECPrivateKeyParameters)generator.GenerateKeyPair().Private;
            // SM2 signing needs (1 + d) invertible mod n, so d = n − 1 is not a valid SM2 key.
            if (privateKey.D.Add(BigInteger.One).CompareTo(Domain.N) < 0)
            {
                return BouncyCastleKeys.WritePrivateKey(privateKey);
            }
        }
    }

    public static Sm2KeyPair Import(KeyAlgorithmIdentifier algorithm, byte[] pkcs8)
    {
        if (algorithm.Algorithm != KeyAlgorithmIdentifier.EcPublicKey || algorithm.Curve != KeyAlgorithmIdentifier.Sm2Curve)
        {
            throw new CryptographicException("The private key is not an SM2 key.");
        }

        var privateKey = BouncyCastleKeys.ReadPrivateKey<ECPrivateKeyParameters>(pkcs8);
        if (privateKey.D.SignValue <= 0 || privateKey.D.Add(BigInteger.One).CompareTo(Domain.N) >= 0)
        {
            throw new CryptographicException("The private key is not a valid SM2 key.");
        }

        return new Sm2KeyPair(new ECPrivateKeyParameters(privateKey.D, Domain));
    }

    public override byte[] Sign(SigningAlgorithm algorithm, MessageKind kind, ReadOnlySpan<byte> message) =>
        Sm2Signature.Sign(_privateKey, kind == MessageKind.Raw ? Sm2Signature.ComputeE(_z, message) : message);

    public override bool Verify(SigningAlgorithm algorithm, MessageKind kind, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        Sm2Signature.Verify(_publicKey, kind == MessageKind.Raw ? Sm2Signature.ComputeE(_z, message) : message, signature);

    public override byte[] Encrypt(string algorithm, ReadOnlySpan<byte> plaintext)
    {
        var engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
        engine.Init(true, new ParametersWithRandom(_publicKey, BouncyCastleKeys.Random()));
        return Sm2Ciphertext.ToDer(engine.ProcessBlock(plaintext));
    }

    public override byte[]? Decrypt(string algorithm, ReadOnlySpan<byte> ciphertext)
    {
        var raw = Sm2Ciphertext.FromDer(ciphertext);
        if (raw is null)
        {
            return null;
        }

        try
        {
            var engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
            engine.Init(false, _privateKey);
            return engine.ProcessBlock(raw);
        }
        catch (Exception e) when (e is InvalidCipherTextException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    public override byte[] DeriveSharedSecret(ReadOnlySpan<byte> peerPublicKeyDer)
    {
        const string Invalid = "The public key is not a valid DER-encoded X.509 public key on the curve of the KMS key.";
        var der = peerPublicKeyDer.ToArray();
        if (KeyAlgorithmIdentifier.FromSubjectPublicKeyInfo(der) is not { Algorithm: KeyAlgorithmIdentifier.EcPublicKey, Curve: KeyAlgorithmIdentifier.Sm2Curve })
        {
            throw new AsymmetricInputException(Invalid);
        }

        ECPublicKeyParameters peer;
        try
        {
            // The factory decodes and validates the point (on the curve, not infinity).
            peer = (ECPublicKeyParameters)PublicKeyFactory.CreateKey(der);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or InvalidCastException)
        {
            throw new AsymmetricInputException(Invalid, e);
        }

        var agreement = new ECDHBasicAgreement();
        agreement.Init(_privateKey);
        var secret = agreement.CalculateAgreement(new ECPublicKeyParameters(peer.Q, Domain));
        return BigIntegers.AsUnsignedByteArray(Domain.Curve.FieldElementEncodingLength, secret);
    }
}

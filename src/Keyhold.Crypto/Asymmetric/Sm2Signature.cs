using System.Text;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Math.EC.Multiplier;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities;

namespace Keyhold.Crypto.Asymmetric;

/// <summary>
/// SM2 digital signature (GB/T 32918.2) over a given e, the step BouncyCastle's SM2Signer does not expose: AWS's
/// DIGEST message type is that already-computed e. Signatures are DER <c>SEQUENCE { r, s }</c>, as OpenSSL writes.
/// </summary>
internal static class Sm2Signature
{
    /// <summary>The distinguishing ID AWS KMS uses for SM2DSA (the GB/T 32918 default).</summary>
    public static readonly byte[] DefaultId = Encoding.ASCII.GetBytes("1234567812345678");

    /// <summary>Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA) with the default ID.</summary>
    public static byte[] ComputeZ(ECPublicKeyParameters publicKey)
    {
        var domain = publicKey.Parameters;
        var sm3 = new SM3Digest();
        var entl = DefaultId.Length * 8;
        sm3.Update((byte)(entl >> 8));
        sm3.Update((byte)entl);
        sm3.BlockUpdate(DefaultId);
        sm3.BlockUpdate(domain.Curve.A.GetEncoded());
        sm3.BlockUpdate(domain.Curve.B.GetEncoded());
        sm3.BlockUpdate(domain.G.AffineXCoord.GetEncoded());
        sm3.BlockUpdate(domain.G.AffineYCoord.GetEncoded());
        var q = publicKey.Q.Normalize();
        sm3.BlockUpdate(q.AffineXCoord.GetEncoded());
        sm3.BlockUpdate(q.AffineYCoord.GetEncoded());
        var z = new byte[sm3.GetDigestSize()];
        sm3.DoFinal(z);
        return z;
    }

    /// <summary>e = SM3(Z ‖ M).</summary>
    public static byte[] ComputeE(byte[] z, ReadOnlySpan<byte> message)
    {
        var sm3 = new SM3Digest();
        sm3.BlockUpdate(z);
        sm3.BlockUpdate(message);
        var e = new byte[sm3.GetDigestSize()];
        sm3.DoFinal(e);
        return e;
    }

    public static byte[] Sign(ECPrivateKeyParameters privateKey, ReadOnlySpan<byte> eBytes)
    {
        var domain = privateKey.Parameters;
        var n = domain.N;
        var e = new BigInteger(1, eBytes);
        var d = privateKey.D;
        var dPlusOneInverse = d.Add(BigInteger.One).ModInverse(n);
        var multiplier = new FixedPointCombMultiplier();
        var random = new SecureRandom();
        while (true)
        {
            var k = BigIntegers.CreateRandomInRange(BigInteger.One, n.Subtract(BigInteger.One), random);
            var x1 = multiplier.Multiply(domain.G, k).Normalize().AffineXCoord.ToBigInteger();
            var r = e.Add(x1).Mod(n);
            if (r.SignValue == 0 || r.Add(k).Equals(n))
            {
                continue;
            }

            var s = dPlusOneInverse.Multiply(k.Subtract(r.Multiply(d))).Mod(n);
            if (s.SignValue != 0)
            {
                return StandardDsaEncoding.Instance.Encode(n, r, s);
            }
        }
    }

    public static bool Verify(ECPublicKeyParameters publicKey, ReadOnlySpan<byte> eBytes, ReadOnlySpan<byte> signature)
    {
        var domain = publicKey.Parameters;
        var n = domain.N;
        BigInteger r, s;
        try
        {
            // Decode refuses non-DER encodings and values outside [1, n − 1].
            var rs = StandardDsaEncoding.Instance.Decode(n, signature.ToArray());
            (r, s) = (rs[0], rs[1]);
        }
        catch (ArgumentException)
        {
            return false;
        }

        var t = r.Add(s).Mod(n);
        if (t.SignValue == 0)
        {
            return false;
        }

        var point = ECAlgorithms.SumOfTwoMultiplies(domain.G, s, publicKey.Q, t).Normalize();
        if (point.IsInfinity)
        {
            return false;
        }

        var expected = new BigInteger(1, eBytes).Add(point.AffineXCoord.ToBigInteger()).Mod(n);
        return expected.Equals(r);
    }
}

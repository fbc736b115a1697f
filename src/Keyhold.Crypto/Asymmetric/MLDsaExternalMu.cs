using System.Reflection;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Keyhold.Crypto.Asymmetric;

/// <summary>
/// ML-DSA signing and verification from an external μ (FIPS 204 section 6.2, AWS MessageType EXTERNAL_MU).
/// </summary>
/// <remarks>
/// BouncyCastle 2.7.0 implements ML-DSA.Sign_internal but exposes it only behind <see cref="MLDsaSigner"/>, which
/// always computes μ itself with a SHAKE256 instance it owns. We hand the signer a SHAKE256 whose first output is the
/// caller's μ (everything absorbed before it is ignored) and which then behaves as a plain SHAKE256 for the rest of
/// the algorithm (ρ′ and the challenge). That replaces one private field by reflection: it is pinned to the
/// BouncyCastle version in Directory.Packages.props, and MLDsaExternalMuTests fail loudly if the internals change
/// (a μ signature must verify as the pure ML-DSA signature of the message μ was computed from). Remove this when
/// BouncyCastle exposes external μ or .NET's MLDsa.SignMu is available (OpenSSL 3.5).
/// </remarks>
internal static class MLDsaExternalMu
{
    public const int MuLength = 64;

    private static readonly FieldInfo DigestField =
        typeof(MLDsaSigner).GetField("m_msgRepDigest", BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new InvalidOperationException("This BouncyCastle version has no MLDsaSigner.m_msgRepDigest; EXTERNAL_MU needs updating.");

    public static byte[] Sign(MLDsaPrivateKeyParameters privateKey, ReadOnlySpan<byte> mu)
    {
        var signer = Create(privateKey.Parameters, mu);
        signer.Init(true, new ParametersWithRandom(privateKey, BouncyCastleKeys.Random()));
        return signer.GenerateSignature();
    }

    public static bool Verify(MLDsaPublicKeyParameters publicKey, ReadOnlySpan<byte> mu, ReadOnlySpan<byte> signature)
    {
        var signer = Create(publicKey.Parameters, mu);
        signer.Init(false, publicKey);
        return signer.VerifySignature(signature.ToArray());
    }

    private static MLDsaSigner Create(MLDsaParameters parameters, ReadOnlySpan<byte> mu)
    {
        var signer = new MLDsaSigner(parameters, deterministic: false);
        DigestField.SetValue(signer, new PresetMuShake(mu));
        return signer;
    }

    /// <summary>SHAKE256 whose first squeeze returns a preset μ, then a normal SHAKE256 from an empty state.</summary>
    private sealed class PresetMuShake(ReadOnlySpan<byte> mu) : ShakeDigest(256)
    {
        private readonly byte[] _mu = mu.ToArray();
        private bool _muEmitted;

        public override void Update(byte input)
        {
            if (_muEmitted)
            {
                base.Update(input);
            }
        }

        public override void BlockUpdate(byte[] input, int inOff, int inLen)
        {
            if (_muEmitted)
            {
                base.BlockUpdate(input, inOff, inLen);
            }
        }

        public override void BlockUpdate(ReadOnlySpan<byte> input)
        {
            if (_muEmitted)
            {
                base.BlockUpdate(input);
            }
        }

        public override void Reset()
        {
            if (_muEmitted)
            {
                base.Reset();
            }
        }

        public override int DoFinal(byte[] output, int outOff) => OutputFinal(output.AsSpan(outOff, GetDigestSize()));

        public override int DoFinal(Span<byte> output) => OutputFinal(output[..GetDigestSize()]);

        public override int OutputFinal(byte[] output, int outOff, int outLen) => OutputFinal(output.AsSpan(outOff, outLen));

        public override int OutputFinal(Span<byte> output)
        {
            if (_muEmitted)
            {
                return base.OutputFinal(output);
            }

            if (output.Length != MuLength)
            {
                throw new InvalidOperationException("ML-DSA asked for something other than μ first; EXTERNAL_MU needs updating.");
            }

            _mu.CopyTo(output);
            _muEmitted = true;
            base.Reset();
            return MuLength;
        }
    }
}

using System.Text;
using Keyhold.Crypto.Asymmetric;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace Keyhold.Crypto.Tests.Asymmetric;

/// <summary>SM2DSA against BouncyCastle's own SM2Signer (which computes Z and e itself) with AWS's default ID.</summary>
public class Sm2KeyPairTests
{
    private static readonly byte[] DefaultId = Encoding.ASCII.GetBytes("1234567812345678");

    [Fact]
    public void Sign_Raw_VerifiesWithBouncyCastleSm2SignerAndDefaultId()
    {
        using var key = TestKeys.Load("SM2");
        var message = "message digest"u8.ToArray();
        var verifier = new SM2Signer();
        verifier.Init(false, new ParametersWithID(PublicKeyFactory.CreateKey(key.PublicKeyDer), DefaultId));
        verifier.BlockUpdate(message);

        Assert.True(verifier.VerifySignature(key.Sign("SM2DSA", "RAW", message)));
    }

    [Fact]
    public void Verify_BouncyCastleSm2SignerSignature_ReturnsTrueOnlyWithDefaultId()
    {
        using var key = TestKeys.Load("SM2");
        var message = "message digest"u8.ToArray();

        Assert.True(key.Verify("SM2DSA", "RAW", message, BouncyCastleSign(message, DefaultId)));
        Assert.False(key.Verify("SM2DSA", "RAW", message, BouncyCastleSign(message, "ALICE123@YAHOO.COM"u8.ToArray())));
    }

    private static byte[] BouncyCastleSign(byte[] message, byte[] id)
    {
        var signer = new SM2Signer();
        signer.Init(true, new ParametersWithID(PrivateKeyFactory.CreateKey(TestKeys.Pkcs8("SM2")), id));
        signer.BlockUpdate(message);
        return signer.GenerateSignature();
    }
}

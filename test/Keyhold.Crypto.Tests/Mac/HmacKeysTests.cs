using System.Text;
using Keyhold.Crypto.Mac;

namespace Keyhold.Crypto.Tests.Mac;

public class HmacKeysTests
{
    // RFC 4231 (HMAC-SHA-224/256/384/512 test vectors), test cases 1, 2 and 6.
    public static TheoryData<string, string, string, string> Rfc4231 => new()
    {
        { "HMAC_SHA_224", "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "Hi There", "896fb1128abbdf196832107cd49df33f47b4b1169912ba4f53684b22" },
        { "HMAC_SHA_256", "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7" },
        { "HMAC_SHA_384", "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "Hi There", "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6" },
        { "HMAC_SHA_512", "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "Hi There", "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854" },
        { "HMAC_SHA_224", "4a656665", "what do ya want for nothing?", "a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44" },
        { "HMAC_SHA_256", "4a656665", "what do ya want for nothing?", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
        { "HMAC_SHA_384", "4a656665", "what do ya want for nothing?", "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649" },
        { "HMAC_SHA_512", "4a656665", "what do ya want for nothing?", "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737" },
        { "HMAC_SHA_224", new string('a', 262), "Test Using Larger Than Block-Size Key - Hash Key First", "95e9a0db962095adaebe9b2d6f0dbce2d499f112f2d2b7273fa6870e" },
        { "HMAC_SHA_256", new string('a', 262), "Test Using Larger Than Block-Size Key - Hash Key First", "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54" },
        { "HMAC_SHA_384", new string('a', 262), "Test Using Larger Than Block-Size Key - Hash Key First", "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952" },
        { "HMAC_SHA_512", new string('a', 262), "Test Using Larger Than Block-Size Key - Hash Key First", "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598" },
    };

    public static TheoryData<string, string, int> Specs => new()
    {
        { "HMAC_224", "HMAC_SHA_224", 28 },
        { "HMAC_256", "HMAC_SHA_256", 32 },
        { "HMAC_384", "HMAC_SHA_384", 48 },
        { "HMAC_512", "HMAC_SHA_512", 64 },
    };

    [Theory]
    [MemberData(nameof(Rfc4231))]
    public void Compute_Rfc4231Vector_ReturnsPublishedMac(string algorithm, string keyHex, string data, string macHex)
    {
        var mac = HmacKeys.Compute(algorithm, Convert.FromHexString(keyHex), Encoding.ASCII.GetBytes(data));

        Assert.Equal(macHex, Convert.ToHexStringLower(mac));
    }

    [Theory]
    [MemberData(nameof(Rfc4231))]
    public void Verify_Rfc4231Vector_ReturnsTrue(string algorithm, string keyHex, string data, string macHex)
    {
        Assert.True(HmacKeys.Verify(algorithm, Convert.FromHexString(keyHex), Encoding.ASCII.GetBytes(data), Convert.FromHexString(macHex)));
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void Generate_KeySpec_ReturnsRandomKeyOfSpecLength(string keySpec, string algorithm, int length)
    {
        var first = HmacKeys.Generate(keySpec);
        var second = HmacKeys.Generate(keySpec);

        Assert.Equal(length, first.Length);
        Assert.NotEqual(first, second);
        Assert.Equal(length, HmacKeys.Compute(algorithm, first, "message"u8).Length);
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void Verify_AnyOneBitChangeOfMessageOrMac_ReturnsFalse(string keySpec, string algorithm, int length)
    {
        var key = HmacKeys.Generate(keySpec);
        var message = "the message to authenticate"u8.ToArray();
        var mac = HmacKeys.Compute(algorithm, key, message);
        Assert.Equal(length, mac.Length);
        Assert.True(HmacKeys.Verify(algorithm, key, message, mac));

        for (var bit = 0; bit < message.Length * 8; bit++)
        {
            var changed = message.ToArray();
            changed[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(HmacKeys.Verify(algorithm, key, changed, mac), $"message bit {bit}");
        }

        for (var bit = 0; bit < mac.Length * 8; bit++)
        {
            var changed = mac.ToArray();
            changed[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(HmacKeys.Verify(algorithm, key, message, changed), $"MAC bit {bit}");
        }
    }

    [Fact]
    public void Verify_TruncatedOrEmptyMac_ReturnsFalse()
    {
        var key = HmacKeys.Generate("HMAC_256");
        var mac = HmacKeys.Compute("HMAC_SHA_256", key, "m"u8);

        Assert.False(HmacKeys.Verify("HMAC_SHA_256", key, "m"u8, mac.AsSpan(0, 31)));
        Assert.False(HmacKeys.Verify("HMAC_SHA_256", key, "m"u8, []));
    }

    [Fact]
    public void Compute_UnknownAlgorithm_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => HmacKeys.Compute("HMAC_SHA_1", new byte[32], "m"u8));
        Assert.Throws<ArgumentException>(() => HmacKeys.Generate("HMAC_128"));
    }
}

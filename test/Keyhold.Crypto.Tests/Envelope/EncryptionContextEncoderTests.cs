using Keyhold.Crypto.Envelope;

namespace Keyhold.Crypto.Tests.Envelope;

public class EncryptionContextEncoderTests
{
    [Fact]
    public void Encode_TwoPairsInReverseOrder_WritesSortedCanonicalBytes()
    {
        var context = new Dictionary<string, string> { ["tenant"] = "acme", ["purpose"] = "test" };
        Assert.Equal("tenant", context.Keys.First());

        var encoded = EncryptionContextEncoder.Encode(context);

        // pairCount=2 | 7 "purpose" 4 "test" | 6 "tenant" 4 "acme", every length a big-endian uint16.
        Assert.Equal(
            "0002" + "0007" + "707572706f7365" + "0004" + "74657374" + "0006" + "74656e616e74" + "0004" + "61636d65",
            Convert.ToHexStringLower(encoded));
    }

    [Fact]
    public void Encode_SameContextInAnyOrder_WritesSameBytes()
    {
        var forward = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2", ["c"] = "3" };
        var backward = new Dictionary<string, string> { ["c"] = "3", ["b"] = "2", ["a"] = "1" };

        Assert.Equal(EncryptionContextEncoder.Encode(forward), EncryptionContextEncoder.Encode(backward));
    }

    [Fact]
    public void Encode_NullContext_WritesZeroPairCount()
    {
        Assert.Equal(new byte[] { 0, 0 }, EncryptionContextEncoder.Encode(null));
    }

    [Fact]
    public void Encode_EmptyContext_WritesZeroPairCount()
    {
        Assert.Equal(new byte[] { 0, 0 }, EncryptionContextEncoder.Encode(new Dictionary<string, string>()));
    }

    [Fact]
    public void Encode_NonAsciiKeys_SortsByUtf8Bytes()
    {
        // UTF-16 ordinal order is "z" (007A) < "😀" (D83D DE00) < "｡" (FF61), but UTF-8 byte order is
        // "z" (7A) < "｡" (EF BD A1) < "😀" (F0 9F 98 80): the encoder must use the latter.
        var context = new Dictionary<string, string> { ["😀"] = "3", ["｡"] = "2", ["z"] = "1" };

        var encoded = EncryptionContextEncoder.Encode(context);

        Assert.Equal(
            "0003" + "0001" + "7a" + "0001" + "31" + "0003" + "efbda1" + "0001" + "32" + "0004" + "f09f9880" + "0001" + "33",
            Convert.ToHexStringLower(encoded));
    }

    [Fact]
    public void Encode_EmptyKeyAndValue_WritesZeroLengths()
    {
        var encoded = EncryptionContextEncoder.Encode(new Dictionary<string, string> { [""] = "" });

        Assert.Equal("0001" + "0000" + "0000", Convert.ToHexStringLower(encoded));
    }

    // Facts, not an InlineData theory: attribute strings are stored as UTF-8, which turns a lone surrogate into U+FFFD.
    [Fact]
    public void Encode_LoneSurrogateInKey_ThrowsArgumentException()
    {
        // A lenient encoder would write U+FFFD here, giving {"\uD800": v} and {"\uFFFD": v} the same AAD.
        var context = new Dictionary<string, string> { ["\uD800"] = "value" };

        Assert.ThrowsAny<ArgumentException>(() => EncryptionContextEncoder.Encode(context));
    }

    [Fact]
    public void Encode_LoneSurrogateInValue_ThrowsArgumentException()
    {
        var context = new Dictionary<string, string> { ["key"] = "\uDC00" };

        Assert.ThrowsAny<ArgumentException>(() => EncryptionContextEncoder.Encode(context));
    }

    [Fact]
    public void Encode_ReplacementCharacter_EncodesAsUtf8()
    {
        var encoded = EncryptionContextEncoder.Encode(new Dictionary<string, string> { ["\uFFFD"] = "v" });

        Assert.Equal("0001" + "0003" + "efbfbd" + "0001" + "76", Convert.ToHexStringLower(encoded));
    }

    [Fact]
    public void Encode_ValueLongerThan65535Bytes_ThrowsArgumentException()
    {
        var context = new Dictionary<string, string> { ["k"] = new string('v', ushort.MaxValue + 1) };

        Assert.Throws<ArgumentException>(() => EncryptionContextEncoder.Encode(context));
    }

    [Fact]
    public void Encode_ValueOf65535Bytes_EncodesLength()
    {
        var context = new Dictionary<string, string> { ["k"] = new string('v', ushort.MaxValue) };

        var encoded = EncryptionContextEncoder.Encode(context);

        Assert.Equal(2 + 2 + 1 + 2 + ushort.MaxValue, encoded.Length);
        Assert.Equal("0001" + "0001" + "6b" + "ffff", Convert.ToHexStringLower(encoded.AsSpan(0, 7)));
    }
}

using System.Text;
using Keyhold.Core.Errors;
using Keyhold.Protocol.Validation;

namespace Keyhold.Protocol.Tests.Validation;

public sealed class Base64ScannerTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4096)]
    [InlineData(6145)]
    public void DecodedLength_CanonicalBase64_MatchesDecoder(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);

        Assert.Equal(length, Base64Scanner.DecodedLength(Encoding.ASCII.GetBytes(Convert.ToBase64String(bytes))));
    }

    [Theory]
    [InlineData("AAA")]
    [InlineData("AA=A")]
    [InlineData("A===")]
    [InlineData("AA AA")]
    [InlineData("AAAA\n")]
    [InlineData("-_AA")]
    [InlineData("AAB=")]
    public void DecodedLength_NotCanonical_ThrowsSerialization(string text)
    {
        var exception = Assert.Throws<KmsException>(() => Base64Scanner.DecodedLength(Encoding.UTF8.GetBytes(text)));

        Assert.Equal(KmsErrorCodes.SerializationException, exception.Code);
    }
}

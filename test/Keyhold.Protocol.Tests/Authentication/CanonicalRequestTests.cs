using System.Text;
using Keyhold.Protocol.Authentication;

namespace Keyhold.Protocol.Tests.Authentication;

/// <summary>Canonicalization of each part, as botocore and @smithy/signature-v4 compute it.</summary>
public sealed class CanonicalRequestTests
{
    [Theory]
    [InlineData("/", "/")]
    [InlineData("", "/")]
    [InlineData("//example//", "/example/")]
    [InlineData("/a/./b/../c", "/a/c")]
    [InlineData("/a/b/../../..", "/")]
    [InlineData("/example%20space/", "/example%2520space/")]
    [InlineData("/ሴ", "/%E1%88%B4")]
    [InlineData("/-._~AZaz09", "/-._~AZaz09")]
    [InlineData("/a:b@c", "/a%3Ab%40c")]
    public void WriteUri_RawPath_IsNormalizedAndEncodedAgain(string path, string expected)
    {
        Assert.Equal(expected, Render((ref PooledUtf8Writer w) => CanonicalRequest.WriteUri(ref w, path)));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("?", "")]
    [InlineData("?b=2&a=1&a=0", "a=0&a=1&b=2")]
    [InlineData("a-b=1&a=2", "a=2&a-b=1")]
    [InlineData("flag&x=", "flag=&x=")]
    [InlineData("%7e=%41%2f", "~=A%2F")]
    [InlineData("a+b=c%20d", "a%2Bb=c%20d")]
    [InlineData("k=%e1%88%b4", "k=%E1%88%B4")]
    public void WriteQuery_RawQuery_IsDecodedReencodedAndSorted(string query, string expected)
    {
        Assert.Equal(expected, Render((ref PooledUtf8Writer w) => CanonicalRequest.WriteQuery(ref w, query)));
    }

    [Theory]
    [InlineData("application/x-amz-json-1.1", "application/x-amz-json-1.1")]
    [InlineData("  a   b\t c  ", "a b c")]
    [InlineData("attempt=1;  max=5", "attempt=1; max=5")]
    [InlineData("value2,value2,value1", "value2,value2,value1")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void WriteHeaderValue_Value_IsTrimmedWithInnerWhitespaceCollapsed(string? value, string expected)
    {
        Assert.Equal(expected, Render((ref PooledUtf8Writer w) => CanonicalRequest.WriteHeaderValue(ref w, value)));
    }

    [Fact]
    public void Writer_ContentLargerThanInitialBuffer_Grows()
    {
        var value = new string('x', 5000);

        Assert.Equal(value, Render((ref PooledUtf8Writer w) => CanonicalRequest.WriteHeaderValue(ref w, value)));
    }

    private delegate void WriteAction(ref PooledUtf8Writer writer);

    private static string Render(WriteAction write)
    {
        var writer = new PooledUtf8Writer(16);
        try
        {
            write(ref writer);
            return Encoding.UTF8.GetString(writer.Written);
        }
        finally
        {
            writer.Dispose();
        }
    }
}

using System.Text;
using Keyhold.Core.Errors;
using Keyhold.Protocol.Validation;

namespace Keyhold.Protocol.Tests.Validation;

public sealed class RequestBodyTests
{
    [Theory]
    [InlineData("""{"KeyId":"\ud800"}""")]
    [InlineData("""{"KeyId":"\udfff\ud800"}""")]
    [InlineData("""{"Key\ud800Id":"k"}""")]
    public void Parse_LoneSurrogateEscape_ThrowsSerializationException(string body)
    {
        var e = Assert.Throws<KmsException>(() => RequestBody.Parse(Encoding.UTF8.GetBytes(body)));
        Assert.Equal(KmsErrorCodes.SerializationException, e.Code);
    }

    [Fact]
    public void Parse_PairedSurrogateEscape_ReadsTheCharacter()
    {
        using var document = RequestBody.Parse("""{"KeyId":"alias/\ud83d\ude00"}"""u8.ToArray());
        Assert.Equal("alias/\U0001F600", document.RootElement.GetProperty("KeyId").GetString());
    }

    [Fact]
    public void Parse_EmptyBody_ReadsAsEmptyObject()
    {
        using var document = RequestBody.Parse(ReadOnlyMemory<byte>.Empty);
        Assert.Equal(System.Text.Json.JsonValueKind.Object, document.RootElement.ValueKind);
    }
}

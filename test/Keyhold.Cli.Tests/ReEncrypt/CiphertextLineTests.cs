using Keyhold.Cli.ReEncrypt;

namespace Keyhold.Cli.Tests.ReEncrypt;

public sealed class CiphertextLineTests
{
    [Theory]
    [InlineData("AQIDBA==")]
    [InlineData("  AQIDBA==\t")]
    [InlineData("AQID BA==")]
    public void TryParse_Base64_GivesCiphertextAndNoContext(string line)
    {
        Assert.True(CiphertextLine.TryParse(line, out var ciphertext, out var context, out var problem));

        Assert.Equal([1, 2, 3, 4], ciphertext);
        Assert.Null(context);
        Assert.Null(problem);
    }

    [Fact]
    public void TryParse_JsonWithContext_GivesCiphertextAndItsContext()
    {
        Assert.True(CiphertextLine.TryParse("""{"CiphertextBlob": "AQIDBA==", "EncryptionContext": {"tenant": "zoë", "purpose": "billing"}}""", out var ciphertext, out var context, out _));

        Assert.Equal([1, 2, 3, 4], ciphertext);
        Assert.Equal(new Dictionary<string, string> { ["tenant"] = "zoë", ["purpose"] = "billing" }, context);
    }

    [Fact]
    public void TryParse_JsonWithoutContext_GivesNoContext()
    {
        Assert.True(CiphertextLine.TryParse("""{"CiphertextBlob":"AQIDBA=="}""", out _, out var context, out _));

        Assert.Null(context);
    }

    [Theory]
    [InlineData("", "empty line")]
    [InlineData("   ", "empty line")]
    [InlineData("not base64!", "not a base64 ciphertext or a JSON object with a CiphertextBlob")]
    [InlineData("====", "not a base64 ciphertext or a JSON object with a CiphertextBlob")]
    [InlineData("""{"EncryptionContext": {}}""", "the JSON object has no CiphertextBlob")]
    [InlineData("""{"CiphertextBlob": "*"}""", "the CiphertextBlob is not base64")]
    [InlineData("""{"CiphertextBlob": 5}""", "not a JSON object")]
    [InlineData("""{"CiphertextBlob": "AQID", "EncryptionContext": {"n": 1}}""", "not a JSON object")]
    [InlineData("{", "not a JSON object")]
    public void TryParse_BadLine_SaysWhyWithoutTheLine(string line, string expected)
    {
        Assert.False(CiphertextLine.TryParse(line, out var ciphertext, out _, out var problem));

        Assert.Null(ciphertext);
        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
    }
}

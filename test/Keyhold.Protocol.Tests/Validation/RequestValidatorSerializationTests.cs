using System.Text.Json;
using Keyhold.Core.Errors;
using Keyhold.Protocol.Validation;
using static Keyhold.Protocol.Tests.Validation.ValidationAssert;

namespace Keyhold.Protocol.Tests.Validation;

public sealed class RequestValidatorSerializationTests
{
    private const string KeyId = "1234abcd-12ab-34cd-56ef-1234567890ab";

    [Theory]
    [InlineData("\"5\"", "STRING_VALUE can not be converted to an Integer")]
    [InlineData("true", "TRUE_VALUE can not be converted to an Integer")]
    [InlineData("false", "FALSE_VALUE can not be converted to an Integer")]
    [InlineData("[5]", "Start of list found where not expected")]
    [InlineData("{\"n\": 5}", "Start of structure or map found where not expected.")]
    [InlineData("3000000000", "NUMBER_VALUE can not be converted to an Integer")]
    public void GenerateRandom_NumberOfBytesWrongType_ThrowsSerialization(string value, string expected)
    {
        Assert.Equal(expected, SerializationMessage("GenerateRandom", $$"""{"NumberOfBytes": {{value}}}"""));
    }

    [Theory]
    [InlineData("5", "NUMBER_VALUE can not be converted to a String")]
    [InlineData("1.5", "NUMBER_VALUE can not be converted to a String")]
    [InlineData("true", "TRUE_VALUE can not be converted to a String")]
    [InlineData("[\"k\"]", "Start of list found where not expected")]
    [InlineData("{\"KeyId\": \"k\"}", "Start of structure or map found where not expected.")]
    public void DescribeKey_KeyIdWrongType_ThrowsSerialization(string value, string expected)
    {
        Assert.Equal(expected, SerializationMessage("DescribeKey", $$"""{"KeyId": {{value}}}"""));
    }

    [Theory]
    [InlineData("GrantTokens", "\"t\"", "Expected list or null")]
    [InlineData("GrantTokens", "{}", "Start of structure or map found where not expected.")]
    [InlineData("GrantTokens", "[1]", "NUMBER_VALUE can not be converted to a String")]
    [InlineData("EncryptionContext", "\"a=b\"", "Expected map or null")]
    [InlineData("EncryptionContext", "[]", "Start of list found where not expected")]
    [InlineData("EncryptionContext", "{\"a\": 1}", "NUMBER_VALUE can not be converted to a String")]
    [InlineData("DryRun", "\"true\"", "STRING_VALUE can not be converted to a Boolean")]
    [InlineData("Plaintext", "12", "NUMBER_VALUE can not be converted to a Blob")]
    public void Encrypt_MemberWrongType_ThrowsSerialization(string member, string value, string expected)
    {
        var json = $$"""{"KeyId": "{{KeyId}}", "Plaintext": "AA==", "{{member}}": {{value}}}""";

        Assert.Equal(expected, SerializationMessage("Encrypt", json));
    }

    [Fact]
    public void CreateGrant_ConstraintsNotAnObject_ThrowsSerialization()
    {
        var json = $$"""{"KeyId": "{{KeyId}}", "GranteePrincipal": "p", "Operations": ["Decrypt"], "Constraints": "x"}""";

        Assert.Equal("Expected null", SerializationMessage("CreateGrant", json));
    }

    [Theory]
    [InlineData("AAAAA", "Base64 encoded length is expected a multiple of 4 bytes but found: 5")]
    [InlineData("ab!d", "Invalid Base64 character: '!'")]
    [InlineData("=+/=", "Invalid Base64 character: '='")]
    [InlineData("+/+=", "Invalid last non-pad Base64 character dectected")]
    [InlineData("AB==", "Invalid last non-pad Base64 character dectected")]
    [InlineData("AAA\u00e9", "Invalid Base64 character: '\u00e9'")]
    public void Encrypt_PlaintextNotBase64_ThrowsSerializationWithoutTheValue(string plaintext, string expected)
    {
        var message = SerializationMessage("Encrypt", $$"""{"KeyId": "{{KeyId}}", "Plaintext": {{Json(plaintext)}}}""");

        Assert.Equal(expected, message);
    }

    [Fact]
    public void Encrypt_PlaintextWithEscapedSlash_IsDecodedBeforeScanning()
    {
        // Some JSON writers escape '/' as "\/"; the value is still valid Base64 ("//8=" is 2 bytes).
        Passes("Encrypt", $$"""{"KeyId": "{{KeyId}}", "Plaintext": "\/\/8="}""");
    }

    [Fact]
    public void Encrypt_WrongTypeAfterValidationErrors_SerializationWins()
    {
        var message = SerializationMessage("Encrypt", """{"KeyId": "", "GrantTokens": "t"}""");

        Assert.Equal("Expected list or null", message);
    }

    [Fact]
    public void Encrypt_TopLevelArray_ThrowsStartOfList()
    {
        Assert.Equal("Start of list found where not expected", SerializationMessage("Encrypt", "[]"));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("1")]
    [InlineData("\"{}\"")]
    [InlineData("true")]
    public void Encrypt_TopLevelScalar_ThrowsSerializationWithoutMessage(string json)
    {
        var exception = Throws("Encrypt", json);

        Assert.Equal(KmsErrorCodes.SerializationException, exception.Code);
        Assert.False(exception.HasMessage);
    }

    [Fact]
    public void Validate_DefaultElement_ThrowsSerialization()
    {
        var exception = Assert.Throws<KmsException>(() => RequestValidator.Validate("ListKeys", default(JsonElement)));

        Assert.Equal(KmsErrorCodes.SerializationException, exception.Code);
    }
}

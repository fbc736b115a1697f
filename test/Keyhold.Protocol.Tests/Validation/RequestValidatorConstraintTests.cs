using static Keyhold.Protocol.Tests.Validation.ValidationAssert;

namespace Keyhold.Protocol.Tests.Validation;

public sealed class RequestValidatorConstraintTests
{
    private const string KeyId = "1234abcd-12ab-34cd-56ef-1234567890ab";

    [Fact]
    public void Encrypt_ValidRequest_Passes()
    {
        Passes("Encrypt", $$"""
            {"KeyId": "{{KeyId}}", "Plaintext": "{{Blob(4096)}}", "EncryptionContext": {"purpose": "test", "empty": ""},
             "GrantTokens": ["token"], "EncryptionAlgorithm": "SYMMETRIC_DEFAULT", "DryRun": false}
            """);
    }

    [Fact]
    public void Encrypt_RequiredMembersMissing_ReportsEachAsNull()
    {
        var message = ValidationMessage("Encrypt", "{}");

        Assert.Equal(
            "2 validation errors detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null; Value null at 'plaintext' failed to satisfy constraint: Member must not be null",
            message);
    }

    [Fact]
    public void Encrypt_RequiredMemberJsonNull_ReportsAsMissing()
    {
        var message = ValidationMessage("Encrypt", $$"""{"KeyId": null, "Plaintext": "{{Blob(1)}}"}""");

        Assert.Equal("1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null", message);
    }

    [Fact]
    public void Encrypt_UnknownMembers_AreIgnored()
    {
        Passes("Encrypt", $$"""{"KeyId": "{{KeyId}}", "Plaintext": "{{Blob(1)}}", "keyId": 5, "Extra": {"nested": [true]} }""");
    }

    [Fact]
    public void DescribeKey_EmptyKeyId_ReportsMinimumLength()
    {
        var message = ValidationMessage("DescribeKey", """{"KeyId": ""}""");

        Assert.Equal("1 validation error detected: Value '' at 'keyId' failed to satisfy constraint: Member must have length greater than or equal to 1", message);
    }

    [Fact]
    public void DescribeKey_KeyIdOver2048Characters_ReportsMaximumLength()
    {
        var keyId = new string('k', 2049);

        var message = ValidationMessage("DescribeKey", $$"""{"KeyId": "{{keyId}}"}""");

        Assert.Equal($"1 validation error detected: Value '{keyId}' at 'keyId' failed to satisfy constraint: Member must have length less than or equal to 2048", message);
    }

    [Fact]
    public void TagResource_TagKeyOf128Emoji_CountsCodePoints()
    {
        // 128 code points, 256 UTF-16 units: within TagKeyType's maximum of 128.
        var tagKey = string.Concat(Enumerable.Repeat("\U0001F511", 128));

        Passes("TagResource", $$"""{"KeyId": "{{KeyId}}", "Tags": [{"TagKey": {{Json(tagKey)}}, "TagValue": ""}]}""");
    }

    [Fact]
    public void TagResource_EscapedTagKeyOver128_ReportsUnescapedValue()
    {
        var tagKey = new string('\u00e9', 129);

        var message = ValidationMessage("TagResource", $$"""{"KeyId": "{{KeyId}}", "Tags": [{"TagKey": "{{string.Concat(Enumerable.Repeat("\\u00e9", 129))}}", "TagValue": ""}]}""");

        Assert.Equal($"1 validation error detected: Value '{tagKey}' at 'tags.1.member.tagKey' failed to satisfy constraint: Member must have length less than or equal to 128", message);
    }

    [Theory]
    [InlineData(0, "Member must have value greater than or equal to 1")]
    [InlineData(366, "Member must have value less than or equal to 365")]
    public void ScheduleKeyDeletion_PendingWindowOutOfRange_ReportsBound(int days, string constraint)
    {
        var message = ValidationMessage("ScheduleKeyDeletion", $$"""{"KeyId": "{{KeyId}}", "PendingWindowInDays": {{days}}}""");

        Assert.Equal($"1 validation error detected: Value '{days}' at 'pendingWindowInDays' failed to satisfy constraint: {constraint}", message);
    }

    [Theory]
    [InlineData("1.9", null)]
    [InlineData("2e3", "Value '2000' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024")]
    [InlineData("0.5", "Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1")]
    public void GenerateRandom_NonIntegralNumber_IsTruncated(string number, string? error)
    {
        var json = $$"""{"NumberOfBytes": {{number}}}""";

        if (error is null)
        {
            Passes("GenerateRandom", json);
        }
        else
        {
            Assert.Equal("1 validation error detected: " + error, ValidationMessage("GenerateRandom", json));
        }
    }

    [Fact]
    public void CreateAlias_NameWithSpace_ReportsModelPattern()
    {
        var message = ValidationMessage("CreateAlias", $$"""{"AliasName": "alias/my key", "TargetKeyId": "{{KeyId}}"}""");

        Assert.Equal("1 validation error detected: Value 'alias/my key' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$", message);
    }

    [Fact]
    public void CreateAlias_EmptyName_ReportsPatternThenLength()
    {
        var message = ValidationMessage("CreateAlias", $$"""{"AliasName": "", "TargetKeyId": "{{KeyId}}"}""");

        Assert.Equal(
            "2 validation errors detected: Value '' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$; Value '' at 'aliasName' failed to satisfy constraint: Member must have length greater than or equal to 1",
            message);
    }

    [Fact]
    public void Encrypt_UnknownAlgorithm_ListsModelOrder()
    {
        var message = ValidationMessage("Encrypt", $$"""{"KeyId": "{{KeyId}}", "Plaintext": "{{Blob(1)}}", "EncryptionAlgorithm": "AES"}""");

        Assert.Equal(
            "1 validation error detected: Value 'AES' at 'encryptionAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [SYMMETRIC_DEFAULT, RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256, SM2PKE]",
            message);
    }

    [Fact]
    public void Encrypt_EmptyPlaintext_DoesNotEchoTheBlob()
    {
        var message = ValidationMessage("Encrypt", $$"""{"KeyId": "{{KeyId}}", "Plaintext": ""}""");

        Assert.Equal("1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length greater than or equal to 1", message);
    }

    [Fact]
    public void CreateCustomKeyStore_ShortPassword_DoesNotEchoSensitiveString()
    {
        var message = ValidationMessage("CreateCustomKeyStore", """{"CustomKeyStoreName": "store", "KeyStorePassword": "secret"}""");

        Assert.Equal("1 validation error detected: Value at 'keyStorePassword' failed to satisfy constraint: Member must have length greater than or equal to 7", message);
    }

    [Fact]
    public void CreateKey_TagWithoutKey_ReportsNestedPath()
    {
        var message = ValidationMessage("CreateKey", """{"Tags": [{"TagKey": "a", "TagValue": "b"}, {"TagValue": "c"}]}""");

        Assert.Equal("1 validation error detected: Value null at 'tags.2.member.tagKey' failed to satisfy constraint: Member must not be null", message);
    }

    [Fact]
    public void CreateKey_NullTag_ReportsTheElement()
    {
        var message = ValidationMessage("CreateKey", """{"Tags": [null]}""");

        Assert.Equal("1 validation error detected: Value null at 'tags.1.member' failed to satisfy constraint: Member must not be null", message);
    }

    [Fact]
    public void Decrypt_ElevenGrantTokens_ReportsListLengthWithTheList()
    {
        var tokens = Enumerable.Range(1, 11).Select(i => "t" + i).ToArray();

        var message = ValidationMessage("Decrypt", $$"""{"CiphertextBlob": "{{Blob(32)}}", "GrantTokens": [{{string.Join(", ", tokens.Select(Json))}}]}""");

        Assert.Equal(
            $"1 validation error detected: Value '[{string.Join(", ", tokens)}]' at 'grantTokens' failed to satisfy constraint: Member must have length less than or equal to 10",
            message);
    }

    [Fact]
    public void Decrypt_EmptyGrantToken_ReportsElementConstraintsOnTheList()
    {
        var message = ValidationMessage("Decrypt", $$"""{"CiphertextBlob": "{{Blob(32)}}", "GrantTokens": ["ok", ""]}""");

        Assert.Equal(
            "1 validation error detected: Value '[ok, ]' at 'grantTokens' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 8192, Member must have length greater than or equal to 1]",
            message);
    }

    [Fact]
    public void CreateGrant_UnknownOperation_ReportsEnumOnTheList()
    {
        var message = ValidationMessage(
            "CreateGrant",
            $$"""{"KeyId": "{{KeyId}}", "GranteePrincipal": "arn:aws:iam::111122223333:role/r", "Operations": ["Encrypt", "Bogus"]}""");

        Assert.Equal(
            "1 validation error detected: Value '[Encrypt, Bogus]' at 'operations' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [Decrypt, Encrypt, GenerateDataKey, GenerateDataKeyWithoutPlaintext, ReEncryptFrom, ReEncryptTo, Sign, Verify, GetPublicKey, CreateGrant, RetireGrant, DescribeKey, GenerateDataKeyPair, GenerateDataKeyPairWithoutPlaintext, GenerateMac, VerifyMac, DeriveSharedSecret]]",
            message);
    }

    [Fact]
    public void Encrypt_EncryptionContextNullValue_ReportsMapValue()
    {
        var message = ValidationMessage("Encrypt", $$"""{"KeyId": "{{KeyId}}", "Plaintext": "{{Blob(1)}}", "EncryptionContext": {"a": "1", "b": null} }""");

        Assert.Equal(
            "1 validation error detected: Value '{a=1, b=null}' at 'encryptionContext' failed to satisfy constraint: Map value must satisfy constraint: [Member must not be null]",
            message);
    }

    [Fact]
    public void CreateGrant_NestedEncryptionContext_IsValidated()
    {
        var message = ValidationMessage(
            "CreateGrant",
            $$"""{"KeyId": "{{KeyId}}", "GranteePrincipal": "p", "Operations": ["Decrypt"], "Constraints": {"EncryptionContextSubset": {"k": null} } }""");

        Assert.Equal(
            "1 validation error detected: Value '{k=null}' at 'constraints.encryptionContextSubset' failed to satisfy constraint: Map value must satisfy constraint: [Member must not be null]",
            message);
    }

    [Fact]
    public void Encrypt_SeveralViolations_ReportsAllInModelOrder()
    {
        var message = ValidationMessage("Encrypt", """{"EncryptionAlgorithm": "AES", "KeyId": ""}""");

        Assert.Equal(
            "3 validation errors detected: "
            + "Value '' at 'keyId' failed to satisfy constraint: Member must have length greater than or equal to 1; "
            + "Value null at 'plaintext' failed to satisfy constraint: Member must not be null; "
            + "Value 'AES' at 'encryptionAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [SYMMETRIC_DEFAULT, RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256, SM2PKE]",
            message);
    }

    [Fact]
    public void CreateKey_TwelveViolations_ReportsTheFirstTen()
    {
        var tags = string.Join(", ", Enumerable.Repeat("""{"TagValue": "v"}""", 12));

        var message = ValidationMessage("CreateKey", $$"""{"Tags": [{{tags}}]}""");

        Assert.StartsWith("10 validation errors detected: Value null at 'tags.1.member.tagKey'", message, StringComparison.Ordinal);
        Assert.Equal(10, message.Split("; ").Length);
        Assert.EndsWith("Value null at 'tags.10.member.tagKey' failed to satisfy constraint: Member must not be null", message, StringComparison.Ordinal);
    }
}

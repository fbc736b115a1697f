using static Keyhold.Protocol.Tests.Validation.ValidationAssert;

namespace Keyhold.Protocol.Tests.Validation;

/// <summary>
/// Every message in shared/reference/aws-recorded/errors.tsv that is a plain model-constraint violation, reproduced
/// from the same input real AWS rejected. The other recorded ValidationExceptions (alias prefix, NumberOfBytes is
/// required, key usage / key spec combinations, digest lengths) are handler checks, not model constraints.
/// </summary>
public sealed class RequestValidatorRecordedTests
{
    private const string KeyId = "1234abcd-12ab-34cd-56ef-1234567890ab";

    [Fact]
    public void CreateKey_UnknownKeySpec_ListsRecordedOrderThenNewerSpecs()
    {
        const string recorded = "1 validation error detected: Value 'HMAC_random' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [RSA_2048, ECC_NIST_P384, ECC_NIST_P256, ECC_NIST_P521, HMAC_384, RSA_3072, ECC_SECG_P256K1, RSA_4096, SYMMETRIC_DEFAULT, HMAC_256, HMAC_224, HMAC_512]";

        var message = ValidationMessage("CreateKey", """{"KeySpec": "HMAC_random", "KeyUsage": "GENERATE_VERIFY_MAC"}""");

        // Recorded in 2023, before KMS added ML-DSA and Ed25519 keys; the model's newer values follow in model order.
        Assert.Equal(recorded.Replace("HMAC_512]", "HMAC_512, SM2, ML_DSA_44, ML_DSA_65, ML_DSA_87, ECC_NIST_EDWARDS25519]", StringComparison.Ordinal), message);
    }

    [Fact]
    public void CreateKey_UnknownKeyUsage_ListsRecordedOrderThenKeyAgreement()
    {
        const string recorded = "1 validation error detected: Value 'RANDOM' at 'keyUsage' failed to satisfy constraint: Member must satisfy enum value set: [ENCRYPT_DECRYPT, SIGN_VERIFY, GENERATE_VERIFY_MAC]";

        var message = ValidationMessage("CreateKey", """{"KeySpec": "HMAC_256", "KeyUsage": "RANDOM"}""");

        // Recorded in 2023, before KMS added KEY_AGREEMENT.
        Assert.Equal(recorded.Replace("GENERATE_VERIFY_MAC]", "GENERATE_VERIFY_MAC, KEY_AGREEMENT]", StringComparison.Ordinal), message);
    }

    [Fact]
    public void CreateKey_TagKeyTooLong_ReportsRecordedMessage()
    {
        var tagKey = new string('a', 129);

        var message = ValidationMessage("CreateKey", $$"""{"Tags": [{"TagKey": "{{tagKey}}", "TagValue": "value"}]}""");

        Assert.Equal(
            "1 validation error detected: Value 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' at 'tags.1.member.tagKey' failed to satisfy constraint: Member must have length less than or equal to 128",
            message);
    }

    [Fact]
    public void CreateKey_TagValueTooLong_ReportsRecordedMessage()
    {
        var tagValue = new string('v', 257);

        var message = ValidationMessage("CreateKey", $$"""{"Tags": [{"TagKey": "tag-key", "TagValue": "{{tagValue}}"}]}""");

        Assert.Equal(
            "1 validation error detected: Value 'vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv' at 'tags.1.member.tagValue' failed to satisfy constraint: Member must have length less than or equal to 256",
            message);
    }

    [Fact]
    public void DeriveSharedSecret_UnknownAlgorithm_ReportsRecordedMessage()
    {
        var message = ValidationMessage(
            "DeriveSharedSecret",
            $$"""{"KeyId": "{{KeyId}}", "KeyAgreementAlgorithm": "INVALID", "PublicKey": "{{Blob(91)}}"}""");

        Assert.Equal(
            "1 validation error detected: Value 'INVALID' at 'keyAgreementAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [ECDH]",
            message);
    }

    [Fact]
    public void Encrypt_PlaintextOver4096Bytes_ReportsRecordedMessageWithoutValue()
    {
        var message = ValidationMessage("Encrypt", $$"""{"KeyId": "{{KeyId}}", "Plaintext": "{{Blob(4097)}}"}""");

        Assert.Equal(
            "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
            message);
    }

    [Theory]
    [InlineData("GenerateMac", """{"KeyId": "key_id", "Message": "aGVsbG8=", "MacAlgorithm": "INVALID"}""")]
    [InlineData("VerifyMac", """{"KeyId": "key_id", "Message": "aGVsbG8=", "MacAlgorithm": "INVALID", "Mac": "aGVsbG8="}""")]
    public void MacOperation_UnknownMacAlgorithm_ReportsRecordedMessage(string operation, string json)
    {
        var message = ValidationMessage(operation, json);

        Assert.Equal(
            "1 validation error detected: Value 'INVALID' at 'macAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [HMAC_SHA_384, HMAC_SHA_256, HMAC_SHA_224, HMAC_SHA_512]",
            message);
    }

    [Fact]
    public void GenerateRandom_ZeroBytes_ReportsRecordedMessage()
    {
        var message = ValidationMessage("GenerateRandom", """{"NumberOfBytes": 0}""");

        Assert.Equal(
            "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1",
            message);
    }

    [Fact]
    public void GenerateRandom_1025Bytes_ReportsRecordedMessage()
    {
        var message = ValidationMessage("GenerateRandom", """{"NumberOfBytes": 1025}""");

        Assert.Equal(
            "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
            message);
    }

    [Fact]
    public void GenerateRandom_NoNumberOfBytes_IsLeftToTheHandler()
    {
        // AWS answers "NumberOfBytes is required." — not a model constraint (the member is optional in the model).
        Passes("GenerateRandom", "{}");
    }

    [Fact]
    public void CreateAlias_NameWithoutAliasPrefix_IsLeftToTheHandler()
    {
        // AWS's "Alias must start with the prefix \"alias/\"..." comes from the handler; the name matches the model pattern.
        Passes("CreateAlias", $$"""{"AliasName": "my-alias", "TargetKeyId": "{{KeyId}}"}""");
    }
}

using Keyhold.Core.Errors;
using Keyhold.Protocol.Authentication;
using static Keyhold.Protocol.Tests.Authentication.TestRequests;

namespace Keyhold.Protocol.Tests.Authentication;

/// <summary>Real clients' signatures on real KMS requests verify.</summary>
public sealed class SigV4VerifierCrossLibraryTests
{
    private const string EncryptBody = """{"KeyId": "alias/application-current", "Plaintext": "aGVsbG8="}""";

    private static readonly DateTimeOffset BotocoreSignedAt = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("TrentService.Encrypt", EncryptBody)]
    [InlineData("TrentService.ListKeys", "{}")]
    [InlineData("TrentService.CreateAlias", """{"AliasName":"alias/application-2026-12-03","TargetKeyId":"1234abcd-12ab-34cd-56ef-1234567890ab"}""")]
    [InlineData("TrentService.TagResource", """{"KeyId":"k","Tags":[{"TagKey":"owner","TagValue":"Zoë  ☃"}]}""")]
    public void Verify_AwsSdkForNetSignedKmsRequest_Succeeds(string target, string body)
    {
        var headers = AwsSdkSigner.SignKmsRequest(target, body);

        VerifyWithClockAt(headers, body, AwsSdkSigner.SignedAt.AddMinutes(2), AwsSdkSigner.Secret);
    }

    [Fact]
    public void Verify_AwsSdkForNetSignedRequestWithSessionToken_Succeeds()
    {
        var headers = AwsSdkSigner.SignKmsRequest(
            "TrentService.Decrypt", """{"CiphertextBlob":"AQID"}""", sessionToken: "FwoGZXIvYXdzEXAMPLE//token+with/slashes==");

        var parsed = VerifyWithClockAt(headers, """{"CiphertextBlob":"AQID"}""", AwsSdkSigner.SignedAt, AwsSdkSigner.Secret);

        Assert.Contains("x-amz-security-token", parsed.SignedHeaders);
    }

    [Theory]
    [InlineData("http://localhost:4599")]
    [InlineData("https://kms.example.internal")]
    [InlineData("https://127.0.0.1:8443")]
    public void Verify_AwsSdkForNetSignedRequestForAnyEndpoint_Succeeds(string endpoint)
    {
        var headers = AwsSdkSigner.SignKmsRequest("TrentService.ListAliases", "{}", endpoint: endpoint);

        VerifyWithClockAt(headers, "{}", AwsSdkSigner.SignedAt, AwsSdkSigner.Secret);
    }

    [Fact]
    public void Verify_AwsSdkForNetSignedRequest_SignsTheHeadersKmsClientsSend()
    {
        var headers = AwsSdkSigner.SignKmsRequest("TrentService.Encrypt", EncryptBody);

        var parsed = VerifyWithClockAt(headers, EncryptBody, AwsSdkSigner.SignedAt, AwsSdkSigner.Secret);

        Assert.Equal(new SigV4Credential("AKIDEXAMPLE", "20261203", "us-east-1", "kms"), parsed.Credential);
        Assert.Contains("x-amz-target", parsed.SignedHeaders);
        Assert.Contains("x-amz-content-sha256", parsed.SignedHeaders);
    }

    // The AWS CLI v1 signer: botocore 1.43.11 SigV4Auth(credentials, "kms", "us-east-1").add_auth() on an
    // AWSRequest for http://127.0.0.1:4599/, with botocore.auth.get_current_datetime patched to 2026-12-03T10:00:00Z.
    [Fact]
    public void Verify_BotocoreSignedEncrypt_Succeeds()
    {
        List<KeyValuePair<string, string>> headers =
        [
            Header("Host", "127.0.0.1:4599"),
            Header("X-Amz-Target", "TrentService.Encrypt"),
            Header("Content-Type", "application/x-amz-json-1.1"),
            Header("User-Agent", "aws-cli/1.45.11 md/Botocore#1.43.11"),
            Header("X-Amz-Date", "20261203T100000Z"),
            Header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261203/us-east-1/kms/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
                + "Signature=5f6e491faadcc80c5a38289052c151807aaacdb3fc3fbea3ba444cd5adf3d3a4"),
        ];

        VerifyWithClockAt(headers, EncryptBody, BotocoreSignedAt, SuiteSecret);
    }

    [Fact]
    public void Verify_BotocoreSignedEncryptWithSessionToken_Succeeds()
    {
        List<KeyValuePair<string, string>> headers =
        [
            Header("Host", "127.0.0.1:4599"),
            Header("X-Amz-Target", "TrentService.Encrypt"),
            Header("Content-Type", "application/x-amz-json-1.1"),
            Header("User-Agent", "aws-cli/1.45.11 md/Botocore#1.43.11"),
            Header("X-Amz-Date", "20261203T100000Z"),
            Header("X-Amz-Security-Token", "FwoGZXIvYXdzEXAMPLE//token+with/slashes=="),
            Header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261203/us-east-1/kms/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, "
                + "Signature=5da5105be5ba334ca998dc3ce66d4b1f5043b1cdc23ed46ded0233447443807b"),
        ];

        VerifyWithClockAt(headers, EncryptBody, BotocoreSignedAt, SuiteSecret);
    }

    // botocore signs whatever X-Amz-Content-SHA256 says; this one was signed with the header set to
    // UNSIGNED-PAYLOAD, which KMS does not accept.
    [Fact]
    public void Verify_BotocoreSignedUnsignedPayload_ThrowsSignatureDoesNotMatch()
    {
        List<KeyValuePair<string, string>> headers =
        [
            Header("Host", "127.0.0.1:4599"),
            Header("X-Amz-Target", "TrentService.Encrypt"),
            Header("Content-Type", "application/x-amz-json-1.1"),
            Header("X-Amz-Content-SHA256", "UNSIGNED-PAYLOAD"),
            Header("X-Amz-Date", "20261203T100000Z"),
            Header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261203/us-east-1/kms/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target, "
                + "Signature=af8c6f00909d1623505f469728e6a445e62ab13ff3b2f79b234f0dcc9323042d"),
        ];

        var error = Assert.Throws<KmsException>(() => VerifyWithClockAt(headers, EncryptBody, BotocoreSignedAt, SuiteSecret));

        Assert.Equal(KmsErrorCodes.InvalidSignatureException, error.Code);
        Assert.StartsWith("The request signature we calculated does not match", error.Message, StringComparison.Ordinal);
    }

    private static ParsedAuthorization VerifyWithClockAt(
        List<KeyValuePair<string, string>> headers, string body, DateTimeOffset now, string secret)
    {
        var request = Create("POST", "/", "", headers, body);
        var parsed = SigV4Parser.Parse(request);
        new SigV4Verifier(new ManualTimeProvider(now)).Verify(request, parsed, secret);
        return parsed;
    }
}

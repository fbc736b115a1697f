using System.Text;
using Keyhold.Core.Errors;
using Keyhold.Protocol.Authentication;
using static Keyhold.Protocol.Tests.Authentication.TestRequests;

namespace Keyhold.Protocol.Tests.Authentication;

/// <summary>
/// What the signer signs verifies, and its signatures are byte-for-byte those of botocore and of the AWS SDK for
/// .NET for the same request (cross-library known answers).
/// </summary>
public sealed class SigV4SignerTests
{
    private const string EncryptBody = """{"KeyId": "alias/application-current", "Plaintext": "aGVsbG8="}""";
    private const string SessionToken = "FwoGZXIvYXdzEXAMPLE//token+with/slashes==";
    private const string ContentType = "application/x-amz-json-1.1";

    private static readonly DateTimeOffset SignedAt = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    // The botocore 1.43.11 signatures of SigV4VerifierCrossLibraryTests: SigV4Auth(credentials, "kms", "us-east-1")
    // on POST http://127.0.0.1:4599/ with Content-Type and X-Amz-Target, at 2026-12-03T10:00:00Z.
    [Theory]
    [InlineData(null, "content-type;host;x-amz-date;x-amz-target", "5f6e491faadcc80c5a38289052c151807aaacdb3fc3fbea3ba444cd5adf3d3a4")]
    [InlineData(SessionToken, "content-type;host;x-amz-date;x-amz-security-token;x-amz-target", "5da5105be5ba334ca998dc3ce66d4b1f5043b1cdc23ed46ded0233447443807b")]
    public void Sign_BotocoreRequest_ProducesBotocoreAuthorization(string? sessionToken, string signedHeaders, string signature)
    {
        var added = Sign(new Uri("http://127.0.0.1:4599/"), "TrentService.Encrypt", EncryptBody, SuiteSecret, sessionToken, "us-east-1");

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261203/us-east-1/kms/aws4_request, "
            + $"SignedHeaders={signedHeaders}, Signature={signature}",
            Value(added, "Authorization"));
    }

    // The AWS SDK for .NET's AWS4Signer signs more headers than Keyhold's clients send (User-Agent, the SDK's
    // invocation headers, X-Amz-Content-SHA256); given the same headers, both must produce the same Authorization.
    [Theory]
    [InlineData("TrentService.Encrypt", EncryptBody, "us-east-1", "http://localhost:4599", null)]
    [InlineData("TrentService.ListKeys", "{}", "eu-west-1", "https://kms.example.internal", null)]
    [InlineData("KeyholdService.RotateAlias", """{"AliasName":"alias/application-current","DryRun":true}""", "us-east-1", "https://127.0.0.1:8443", null)]
    [InlineData("TrentService.TagResource", """{"KeyId":"k","Tags":[{"TagKey":"owner","TagValue":"Zoë  ☃"}]}""", "ap-southeast-2", "http://127.0.0.1:4599", null)]
    [InlineData("TrentService.Decrypt", """{"CiphertextBlob":"AQID"}""", "us-east-1", "http://localhost:4599", SessionToken)]
    public void Sign_SameHeadersAsAwsSdkForNet_ProducesSdkAuthorization(string target, string body, string region, string endpoint, string? sessionToken)
    {
        var sdk = AwsSdkSigner.SignKmsRequest(target, body, region: region, sessionToken: sessionToken, endpoint: endpoint);
        var sdkAuthorization = Value(sdk, "Authorization");
        var sdkSignedHeaders = Parameter(sdkAuthorization, "SignedHeaders").Split(';');
        var sameHeaders = sdk.Where(h => sdkSignedHeaders.Contains(h.Key.ToLowerInvariant())
            && h.Key.ToLowerInvariant() is not ("host" or "x-amz-date" or "x-amz-security-token"));

        var added = SigV4Signer.Sign(
            "POST",
            new Uri(endpoint + "/"),
            sameHeaders,
            Encoding.UTF8.GetBytes(body),
            AwsSdkSigner.AccessKeyId,
            AwsSdkSigner.Secret,
            sessionToken,
            region,
            "kms",
            AwsSdkSigner.SignedAt);

        Assert.Equal(sdkAuthorization, Value(added, "Authorization"));
        Assert.Equal(Value(sdk, "X-Amz-Date"), Value(added, "X-Amz-Date"));
    }

    [Theory]
    [InlineData("http://127.0.0.1:4599/", null)]
    [InlineData("https://kms.example.internal/", SessionToken)]
    [InlineData("https://kms.example.internal:443/", null)]
    [InlineData("http://[::1]:4599/", null)]
    [InlineData("https://127.0.0.1:8443/some/base/path?b=2&a=1", SessionToken)]
    public void Sign_Request_VerifiesWithSigV4Verifier(string uri, string? sessionToken)
    {
        var url = new Uri(uri);
        const string body = """{"KeyId":"alias/zoë","Plaintext":"aGVsbG8="}""";
        var added = Sign(url, "TrentService.Encrypt", body, SuiteSecret, sessionToken, "eu-central-1");

        var request = Received(url, "TrentService.Encrypt", body, added);
        var parsed = SigV4Parser.Parse(request);
        new SigV4Verifier(new ManualTimeProvider(SignedAt.AddMinutes(1))).Verify(request, parsed, SuiteSecret);

        Assert.Equal(new SigV4Credential("AKIDEXAMPLE", "20261203", "eu-central-1", "kms"), parsed.Credential);
        string[] expected = sessionToken is null
            ? ["content-type", "host", "x-amz-date", "x-amz-target"]
            : ["content-type", "host", "x-amz-date", "x-amz-security-token", "x-amz-target"];
        Assert.Equal(expected, parsed.SignedHeaders);
    }

    [Fact]
    public void Sign_BodyChangedAfterSigning_FailsVerification()
    {
        var url = new Uri("http://127.0.0.1:4599/");
        var added = Sign(url, "TrentService.Encrypt", EncryptBody, SuiteSecret, null, "us-east-1");

        var request = Received(url, "TrentService.Encrypt", EncryptBody.Replace("aGVsbG8=", "aGVsbG9=", StringComparison.Ordinal), added);
        var error = Assert.Throws<KmsException>(() =>
            new SigV4Verifier(new ManualTimeProvider(SignedAt)).Verify(request, SigV4Parser.Parse(request), SuiteSecret));

        Assert.Equal(KmsErrorCodes.InvalidSignatureException, error.Code);
    }

    [Fact]
    public void Sign_OtherSecret_FailsVerification()
    {
        var url = new Uri("http://127.0.0.1:4599/");
        var added = Sign(url, "TrentService.ListKeys", "{}", "not-the-secret", null, "us-east-1");

        var request = Received(url, "TrentService.ListKeys", "{}", added);
        var error = Assert.Throws<KmsException>(() =>
            new SigV4Verifier(new ManualTimeProvider(SignedAt)).Verify(request, SigV4Parser.Parse(request), SuiteSecret));

        Assert.Equal(KmsErrorCodes.InvalidSignatureException, error.Code);
    }

    [Fact]
    public void Sign_WithSessionToken_ReturnsDateTokenAndAuthorizationInOrder()
    {
        var added = Sign(new Uri("http://127.0.0.1:4599/"), "TrentService.ListKeys", "{}", SuiteSecret, SessionToken, "us-east-1");

        Assert.Equal(["X-Amz-Date", "X-Amz-Security-Token", "Authorization"], added.Select(h => h.Key));
        Assert.Equal("20261203T100000Z", Value(added, "X-Amz-Date"));
        Assert.Equal(SessionToken, Value(added, "X-Amz-Security-Token"));
    }

    [Fact]
    public void Sign_SubSecondTime_SignsTheWholeSecond()
    {
        var url = new Uri("http://127.0.0.1:4599/");
        var exact = Sign(url, "TrentService.ListKeys", "{}", SuiteSecret, null, "us-east-1");
        var later = SigV4Signer.Sign(
            "POST", url, KmsHeaders("TrentService.ListKeys"), "{}"u8.ToArray(), "AKIDEXAMPLE", SuiteSecret, null, "us-east-1", "kms", SignedAt.AddMilliseconds(999));

        Assert.Equal(Value(exact, "Authorization"), Value(later, "Authorization"));
    }

    [Theory]
    [InlineData("Authorization")]
    [InlineData("X-Amz-Date")]
    [InlineData("x-amz-security-token")]
    [InlineData("content-type")]
    public void Sign_HeaderTheSignerSetsOrRepeated_Throws(string header)
    {
        List<KeyValuePair<string, string>> headers = [.. KmsHeaders("TrentService.ListKeys"), Header(header, "x")];

        Assert.Throws<ArgumentException>(() => SigV4Signer.Sign(
            "POST", new Uri("http://127.0.0.1:4599/"), headers, "{}"u8.ToArray(), "AKIDEXAMPLE", SuiteSecret, null, "us-east-1", "kms", SignedAt));
    }

    private static IReadOnlyList<KeyValuePair<string, string>> Sign(Uri uri, string target, string body, string secret, string? sessionToken, string region) =>
        SigV4Signer.Sign("POST", uri, KmsHeaders(target), Encoding.UTF8.GetBytes(body), "AKIDEXAMPLE", secret, sessionToken, region, "kms", SignedAt);

    private static List<KeyValuePair<string, string>> KmsHeaders(string target) =>
        [Header("Content-Type", ContentType), Header("X-Amz-Target", target)];

    /// <summary>The request as the server receives it: what the client sent plus the signer's headers.</summary>
    private static SigV4Request Received(Uri uri, string target, string body, IReadOnlyList<KeyValuePair<string, string>> added) =>
        Create("POST", uri.AbsolutePath, uri.Query, [Header("Host", uri.Authority), .. KmsHeaders(target), .. added], body);

    private static string Value(IEnumerable<KeyValuePair<string, string>> headers, string name) =>
        Assert.Single(headers, h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static string Parameter(string authorization, string name)
    {
        var start = authorization.IndexOf(name + "=", StringComparison.Ordinal) + name.Length + 1;
        var end = authorization.IndexOf(',', start);
        return end < 0 ? authorization[start..] : authorization[start..end];
    }
}

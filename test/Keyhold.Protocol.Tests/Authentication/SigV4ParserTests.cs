using Keyhold.Core.Errors;
using Keyhold.Protocol.Authentication;
using static Keyhold.Protocol.Tests.Authentication.TestRequests;

namespace Keyhold.Protocol.Tests.Authentication;

/// <summary>
/// Malformed requests get AWS's error type and wording. Expected messages are AWS's as recorded from its JSON
/// front end (dynalite's recorded DynamoDB responses; error reports quoting AWS verbatim).
/// </summary>
public sealed class SigV4ParserTests
{
    private const string AmzDate = "20261203T100000Z";
    private const string Signature = "5f6e491faadcc80c5a38289052c151807aaacdb3fc3fbea3ba444cd5adf3d3a4";
    private const string Credential = "AKIDEXAMPLE/20261203/us-east-1/kms/aws4_request";
    private const string WellFormed =
        $"AWS4-HMAC-SHA256 Credential={Credential}, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature={Signature}";

    [Fact]
    public void Parse_WellFormedHeader_ReturnsCredentialSignedHeadersSignatureAndTime()
    {
        var parsed = SigV4Parser.Parse(WellFormed, AmzDate, null);

        Assert.Equal(new SigV4Credential("AKIDEXAMPLE", "20261203", "us-east-1", "kms"), parsed.Credential);
        Assert.Equal(["content-type", "host", "x-amz-date", "x-amz-target"], parsed.SignedHeaders);
        Assert.Equal(Signature, parsed.Signature);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero), parsed.RequestTime);
        Assert.Equal(AmzDate, parsed.RequestTimestamp);
    }

    [Fact]
    public void Parse_SigV4Request_ReadsHeadersThroughTheLookup()
    {
        var request = Create("POST", "/", "", [Header("Authorization", WellFormed), Header("X-Amz-Date", AmzDate)]);

        var parsed = SigV4Parser.Parse(request);

        Assert.Equal("us-east-1", parsed.Credential.Region);
    }

    [Fact]
    public void Parse_NoSpacesBetweenParameters_IsAccepted()
    {
        var parsed = SigV4Parser.Parse(
            $"AWS4-HMAC-SHA256 Credential={Credential},SignedHeaders=host;x-amz-date,Signature={Signature}", AmzDate, null);

        Assert.Equal(["host", "x-amz-date"], parsed.SignedHeaders);
    }

    [Fact]
    public void Parse_SignedHeadersInAnyCaseAndOrder_AreLowercasedAndSorted()
    {
        var parsed = SigV4Parser.Parse(
            $"AWS4-HMAC-SHA256 Credential={Credential}, SignedHeaders=X-Amz-Target;Host;X-Amz-Date, Signature={Signature}",
            AmzDate,
            null);

        Assert.Equal(["host", "x-amz-date", "x-amz-target"], parsed.SignedHeaders);
    }

    [Fact]
    public void Parse_TrailingSlashesInCredential_AreIgnored()
    {
        var parsed = SigV4Parser.Parse(WellFormed.Replace("aws4_request", "aws4_request//", StringComparison.Ordinal), AmzDate, null);

        Assert.Equal("kms", parsed.Credential.Service);
    }

    [Fact]
    public void Parse_DateHeaderWithoutAmzDate_UsesDateHeader()
    {
        var parsed = SigV4Parser.Parse(WellFormed, null, "Thu, 03 Dec 2026 10:00:00 GMT");

        Assert.Equal(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero), parsed.RequestTime);
        Assert.Equal(AmzDate, parsed.RequestTimestamp);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig")]
    [InlineData("AWS AKIDEXAMPLE:qaNdqGsI6bq4Hi+9Gzovwyjbh0E=")]
    public void Parse_NoSigV4Authorization_ThrowsMissingAuthenticationToken(string? authorization)
    {
        var error = Assert.Throws<KmsException>(() => SigV4Parser.Parse(authorization, AmzDate, null));

        Assert.Equal(KmsErrorCodes.MissingAuthenticationToken, error.Code);
        Assert.Equal("Request is missing Authentication Token", error.Message);
    }

    [Fact]
    public void Parse_AlgorithmOnly_ThrowsIncompleteSignatureNamingEveryMissingParameter()
    {
        AssertIncomplete(
            "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. "
            + "Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256",
            "AWS4-HMAC-SHA256",
            AmzDate);
    }

    [Fact]
    public void Parse_NoDateHeaders_ThrowsIncompleteSignatureNamingTheDate()
    {
        AssertIncomplete(
            "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. "
            + "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
            + "Authorization=AWS4-HMAC-SHA256 Credential=ABCDEF",
            "AWS4-HMAC-SHA256 Credential=ABCDEF",
            null);
    }

    [Fact]
    public void Parse_EmptyCredentialValue_CountsAsMissing()
    {
        AssertIncomplete(
            $"Authorization header requires 'Credential' parameter. Authorization=AWS4-HMAC-SHA256 Credential=, SignedHeaders=host, Signature={Signature}",
            $"AWS4-HMAC-SHA256 Credential=, SignedHeaders=host, Signature={Signature}",
            AmzDate);
    }

    // A space pasted into the access key: AWS's reply quoted in awslabs/fhir-works-on-aws-deployment#379.
    [Fact]
    public void Parse_PieceWithoutEqualsSign_ThrowsIncompleteSignatureQuotingIt()
    {
        const string Authorization = "AWS4-HMAC-SHA256 Credential=AKID /20261203/us-east-1/kms/aws4_request, "
            + $"SignedHeaders=host;x-amz-date, Signature={Signature}";

        AssertIncomplete(
            $"'/20261203/us-east-1/kms/aws4_request' not a valid key=value pair (missing equal-sign) in Authorization header: '{Authorization}'.",
            Authorization,
            AmzDate);
    }

    [Theory]
    [InlineData("2026-12-03T10:00:00Z")]
    [InlineData("20261203")]
    [InlineData("20261203T100000")]
    public void Parse_AmzDateNotIsoBasicFormat_ThrowsIncompleteSignature(string amzDate)
    {
        AssertIncomplete(
            $"Date must be in ISO-8601 'basic format'. Got '{amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601",
            WellFormed,
            amzDate);
    }

    [Fact]
    public void Parse_HostNotSigned_ThrowsInvalidSignature()
    {
        AssertInvalid(
            "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
            WellFormed.Replace("content-type;host;", "content-type;", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_EmptySignedHeaders_ThrowsInvalidSignatureForHost()
    {
        AssertInvalid(
            "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
            $"AWS4-HMAC-SHA256 Credential={Credential}, SignedHeaders=, Signature={Signature}");
    }

    [Fact]
    public void Parse_UnsupportedAlgorithm_ThrowsIncompleteSignature()
    {
        AssertIncomplete(
            "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512' (only AWS4-HMAC-SHA256 for now). ",
            WellFormed.Replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA512", StringComparison.Ordinal),
            AmzDate);
    }

    [Fact]
    public void Parse_CredentialWithoutFiveParts_ThrowsIncompleteSignature()
    {
        AssertIncomplete(
            "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, "
            + "got 'AKIDEXAMPLE/20261203/us-east-1/kms'",
            WellFormed.Replace("/aws4_request", string.Empty, StringComparison.Ordinal),
            AmzDate);
    }

    [Fact]
    public void Parse_CredentialForAnotherService_ThrowsInvalidSignature()
    {
        AssertInvalid(
            "Credential should be scoped to correct service: 'kms'. ",
            WellFormed.Replace("/kms/", "/s3/", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_AwsSdkRequestSignedForAnotherService_ThrowsInvalidSignature()
    {
        var headers = AwsSdkSigner.SignKmsRequest("TrentService.Encrypt", "{}", service: "dynamodb");
        var request = Create("POST", "/", "", headers, "{}");

        var error = Assert.Throws<KmsException>(() => SigV4Parser.Parse(request));

        Assert.Equal(KmsErrorCodes.InvalidSignatureException, error.Code);
        Assert.Equal("Credential should be scoped to correct service: 'kms'. ", error.Message);
    }

    [Theory]
    [InlineData("US-EAST-1")]
    [InlineData("us_east_1")]
    [InlineData("")]
    public void Parse_CredentialForMalformedRegion_ThrowsInvalidSignature(string region)
    {
        AssertInvalid(
            $"Credential should be scoped to a valid region, not '{region}'. ",
            WellFormed.Replace("/us-east-1/", $"/{region}/", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_ScopeDateDiffersFromRequestDate_ThrowsInvalidSignature()
    {
        AssertInvalid(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
            + "'20261202' != '20261203', from '20261203T100000Z'.",
            WellFormed.Replace("/20261203/", "/20261202/", StringComparison.Ordinal));
    }

    // The combined reply dynalite recorded from AWS, for Credential=a/b/c/d/e.
    [Fact]
    public void Parse_EveryScopeFault_ReportsThemAllInAwsOrder()
    {
        AssertInvalid(
            "Credential should be scoped to a valid region, not '1c'. Credential should be scoped to correct service: 'kms'. "
            + "Credential should be scoped with a valid terminator: 'aws4_request', not 'e'. "
            + "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
            + "'b' != '20261203', from '20261203T100000Z'.",
            $"AWS4-HMAC-SHA256 Credential=a/b/1c/d/e, SignedHeaders=host, Signature={Signature}");
    }

    private static void AssertIncomplete(string message, string authorization, string? amzDate)
    {
        var error = Assert.Throws<KmsException>(() => SigV4Parser.Parse(authorization, amzDate, null));
        Assert.Equal(KmsErrorCodes.IncompleteSignatureException, error.Code);
        Assert.Equal(message, error.Message);
    }

    private static void AssertInvalid(string message, string authorization)
    {
        var error = Assert.Throws<KmsException>(() => SigV4Parser.Parse(authorization, AmzDate, null));
        Assert.Equal(KmsErrorCodes.InvalidSignatureException, error.Code);
        Assert.Equal(message, error.Message);
    }
}

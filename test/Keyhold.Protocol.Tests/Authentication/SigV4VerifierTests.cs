using System.Security.Cryptography;
using System.Text;
using Keyhold.Core.Errors;
using Keyhold.Protocol.Authentication;
using static Keyhold.Protocol.Tests.Authentication.TestRequests;

namespace Keyhold.Protocol.Tests.Authentication;

/// <summary>Requests signed by the AWS SDK for .NET at 2026-12-03T10:00:00Z, then tampered with.</summary>
public sealed class SigV4VerifierTests
{
    private const string Body = """{"KeyId":"alias/application-current","Plaintext":"aGVsbG8="}""";
    private const string MismatchMessage =
        "The request signature we calculated does not match the signature you provided. "
        + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    private static readonly DateTimeOffset SignedAt = new(AwsSdkSigner.SignedAt);

    [Fact]
    public void Verify_UntamperedRequest_Succeeds()
    {
        var request = SignedRequest();

        Verify(request, SignedAt);
    }

    [Fact]
    public void Verify_TamperedBody_ThrowsSignatureDoesNotMatch()
    {
        var request = SignedRequest(body: Body.Replace("aGVsbG8=", "aGVsbG9=", StringComparison.Ordinal));

        AssertInvalidSignature(MismatchMessage, () => Verify(request, SignedAt));
    }

    [Fact]
    public void Verify_TamperedBodyWithoutDeclaredPayloadHash_ThrowsSignatureDoesNotMatch()
    {
        var headers = AwsSdkSigner.SignKmsRequest("TrentService.Encrypt", Body)
            .Where(h => !h.Key.Equals("X-Amz-Content-SHA256", StringComparison.OrdinalIgnoreCase));
        var request = Create("POST", "/", "", headers, Body + " ");

        AssertInvalidSignature(MismatchMessage, () => Verify(request, SignedAt));
    }

    [Fact]
    public void Verify_TamperedSignedHeader_ThrowsSignatureDoesNotMatch()
    {
        var request = SignedRequest(replace: ("X-Amz-Target", "TrentService.Decrypt"));

        AssertInvalidSignature(MismatchMessage, () => Verify(request, SignedAt));
    }

    [Fact]
    public void Verify_ChangedUnsignedHeader_Succeeds()
    {
        var request = SignedRequest(replace: ("User-Agent", "something/else"));

        Verify(request, SignedAt);
    }

    [Fact]
    public void Verify_WrongSecret_ThrowsSignatureDoesNotMatch()
    {
        var request = SignedRequest();

        AssertInvalidSignature(MismatchMessage, () => Verify(request, SignedAt, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEZ"));
    }

    [Theory]
    [InlineData("not-hex")]
    [InlineData("00")]
    [InlineData("gggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggg")]
    public void Verify_SignatureNotSixtyFourHexDigits_ThrowsSignatureDoesNotMatch(string signature)
    {
        var request = SignedRequest();
        var authorization = request.Headers("authorization")!;
        var forged = authorization[..(authorization.IndexOf("Signature=", StringComparison.Ordinal) + 10)] + signature;
        var parsed = SigV4Parser.Parse(forged, "20261203T100000Z", null);
        var verifier = new SigV4Verifier(new ManualTimeProvider(SignedAt));

        AssertInvalidSignature(MismatchMessage, () => verifier.Verify(request, parsed, AwsSdkSigner.Secret));
    }

    [Fact]
    public void Verify_PrecomputedPayloadHash_Succeeds()
    {
        var signed = SignedRequest();
        var request = new SigV4Request("POST", "/", null, signed.Headers)
        {
            PayloadSha256 = SHA256.HashData(Encoding.UTF8.GetBytes(Body)),
        };

        Verify(request, SignedAt);
    }

    [Fact]
    public void Verify_PrecomputedPayloadHashOfOtherBody_ThrowsSignatureDoesNotMatch()
    {
        var signed = SignedRequest();
        var request = new SigV4Request("POST", "/", null, signed.Headers)
        {
            PayloadSha256 = SHA256.HashData("{}"u8),
        };

        AssertInvalidSignature(MismatchMessage, () => Verify(request, SignedAt));
    }

    [Fact]
    public void Verify_RequestMoreThanFiveMinutesOld_ThrowsSignatureExpired()
    {
        var request = SignedRequest();

        AssertInvalidSignature(
            "Signature expired: 20261203T100000Z is now earlier than 20261203T100001Z (20261203T100501Z - 5 min.)",
            () => Verify(request, SignedAt.AddMinutes(5).AddSeconds(1)));
    }

    [Fact]
    public void Verify_RequestMoreThanFiveMinutesAhead_ThrowsSignatureNotYetCurrent()
    {
        var request = SignedRequest();

        AssertInvalidSignature(
            "Signature not yet current: 20261203T100000Z is still later than 20261203T095500Z (20261203T095000Z + 5 min.)",
            () => Verify(request, SignedAt.AddMinutes(-10)));
    }

    [Theory]
    [InlineData(-5)]
    [InlineData(5)]
    public void Verify_RequestExactlyFiveMinutesOff_Succeeds(int minutes)
    {
        var request = SignedRequest();

        Verify(request, SignedAt.AddMinutes(minutes));
    }

    [Fact]
    public void Verify_ExpiredRequestWithWrongSecret_ReportsExpiryFirst()
    {
        var request = SignedRequest();

        var error = Assert.Throws<KmsException>(() => Verify(request, SignedAt.AddHours(1), "wrong"));

        Assert.StartsWith("Signature expired:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_SecretRotated_AcceptsOnlyTheNewSecret()
    {
        var verifier = new SigV4Verifier(new ManualTimeProvider(SignedAt));
        var oldRequest = SignedRequest();
        var newRequest = SignedRequest(secret: "rotated-secret");
        verifier.Verify(oldRequest, SigV4Parser.Parse(oldRequest), AwsSdkSigner.Secret);

        verifier.Verify(newRequest, SigV4Parser.Parse(newRequest), "rotated-secret");
        var error = Assert.Throws<KmsException>(
            () => verifier.Verify(oldRequest, SigV4Parser.Parse(oldRequest), "rotated-secret"));

        Assert.Equal(MismatchMessage, error.Message);
    }

    [Fact]
    public void Verify_ManyRequestsConcurrently_AllSucceed()
    {
        var verifier = new SigV4Verifier(new ManualTimeProvider(SignedAt), signingKeyCacheCapacity: 2);
        var requests = Enumerable.Range(0, 8)
            .Select(i => (Request: SignedRequest(secret: $"secret-{i}"), Secret: $"secret-{i}"))
            .ToArray();

        Parallel.For(0, 2000, i =>
        {
            var (request, secret) = requests[i % requests.Length];
            verifier.Verify(request, SigV4Parser.Parse(request), secret);
        });
    }

    [Fact]
    public void UnrecognizedClient_Always_HasAwsCodeAndMessage()
    {
        var error = SigV4Errors.UnrecognizedClient();

        Assert.Equal(KmsErrorCodes.UnrecognizedClientException, error.Code);
        Assert.Equal("The security token included in the request is invalid.", error.Message);
        Assert.Equal(400, error.StatusCode);
    }

    private static SigV4Request SignedRequest(
        string? body = null, (string Name, string Value)? replace = null, string secret = AwsSdkSigner.Secret)
    {
        var headers = AwsSdkSigner.SignKmsRequest("TrentService.Encrypt", Body, secret)
            .Select(h => replace is { } r && h.Key.Equals(r.Name, StringComparison.OrdinalIgnoreCase) ? Header(h.Key, r.Value) : h);
        return Create("POST", "/", "", headers, body ?? Body);
    }

    private static void Verify(SigV4Request request, DateTimeOffset now, string secret = AwsSdkSigner.Secret) =>
        new SigV4Verifier(new ManualTimeProvider(now)).Verify(request, SigV4Parser.Parse(request), secret);

    private static void AssertInvalidSignature(string message, Action verify)
    {
        var error = Assert.Throws<KmsException>(verify);
        Assert.Equal(KmsErrorCodes.InvalidSignatureException, error.Code);
        Assert.Equal(message, error.Message);
        Assert.Equal(400, error.StatusCode);
    }
}

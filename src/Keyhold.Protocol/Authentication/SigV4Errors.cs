using Keyhold.Core.Errors;

namespace Keyhold.Protocol.Authentication;

/// <summary>
/// The authentication errors of AWS's JSON-protocol front end, worded as AWS words them. The wording comes from
/// responses recorded against real AWS JSON services (dynalite's notes on DynamoDB, which shares KMS's front end)
/// and from error reports quoting AWS; every one is sent with HTTP 400.
/// </summary>
public static class SigV4Errors
{
    /// <summary>
    /// The access key id is unknown (or its session token is invalid). The caller decides this, after parsing
    /// and before verifying, because only it can look keys up.
    /// </summary>
    public static KmsException UnrecognizedClient() =>
        new(KmsErrorCodes.UnrecognizedClientException, "The security token included in the request is invalid.");

    internal static KmsException MissingAuthenticationToken() =>
        new(KmsErrorCodes.MissingAuthenticationToken, "Request is missing Authentication Token");

    internal static KmsException IncompleteSignature(string message) =>
        new(KmsErrorCodes.IncompleteSignatureException, message);

    internal static KmsException InvalidSignature(string message) =>
        new(KmsErrorCodes.InvalidSignatureException, message);

    internal static KmsException SignatureDoesNotMatch() =>
        InvalidSignature(
            "The request signature we calculated does not match the signature you provided. "
            + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");

    // The "5 min." in both messages is SigV4Verifier.MaxClockSkew.
    internal static KmsException SignatureExpired(DateTimeOffset requestTime, DateTimeOffset now) =>
        InvalidSignature(
            $"Signature expired: {AmzTimestamp.Format(requestTime)} is now earlier than "
            + $"{AmzTimestamp.Format(now - SigV4Verifier.MaxClockSkew)} ({AmzTimestamp.Format(now)} - 5 min.)");

    internal static KmsException SignatureNotYetCurrent(DateTimeOffset requestTime, DateTimeOffset now) =>
        InvalidSignature(
            $"Signature not yet current: {AmzTimestamp.Format(requestTime)} is still later than "
            + $"{AmzTimestamp.Format(now + SigV4Verifier.MaxClockSkew)} ({AmzTimestamp.Format(now)} + 5 min.)");
}

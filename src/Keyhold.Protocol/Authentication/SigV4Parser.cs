using System.Text;

namespace Keyhold.Protocol.Authentication;

/// <summary>
/// Parses and validates the SigV4 <c>Authorization</c> header and request timestamp without checking the
/// signature or the clock; <c>--dev</c> mode accepts a request on this alone. The checks run in the order AWS's
/// front end runs them, so a request with several faults gets the error AWS would send:
/// no SigV4 header (MissingAuthenticationToken), a piece that is not key=value, missing parameters or date,
/// a malformed date (IncompleteSignature), <c>host</c> not signed (InvalidSignature), an unknown algorithm,
/// a credential without five parts (IncompleteSignature), then the credential scope (InvalidSignature).
/// </summary>
public static class SigV4Parser
{
    internal const string Algorithm = "AWS4-HMAC-SHA256";
    /// <summary>The signing service of KMS calls.</summary>
    public const string KmsService = "kms";

    /// <summary>The signing service of STS calls (sts:GetCallerIdentity).</summary>
    public const string StsService = "sts";
    internal const string Terminator = "aws4_request";

    /// <summary>Reads <c>Authorization</c>, <c>X-Amz-Date</c> and <c>Date</c> through the request's header lookup.</summary>
    public static ParsedAuthorization Parse(SigV4Request request) => Parse(request, KmsService);

    /// <summary>As <see cref="Parse(SigV4Request)"/>, for a request that must be signed for <paramref name="service"/>.</summary>
    public static ParsedAuthorization Parse(SigV4Request request, string service)
    {
        ArgumentNullException.ThrowIfNull(request);
        var amzDate = request.Headers("x-amz-date");
        var date = string.IsNullOrEmpty(amzDate) ? request.Headers("date") : null;
        return Parse(request.Headers("authorization"), amzDate, date, service);
    }

    /// <summary>Parses header values; <paramref name="date"/> (RFC 1123) is used only when <paramref name="amzDate"/> is absent.</summary>
    /// <exception cref="Core.Errors.KmsException">The request is not a well-formed SigV4 request for <c>kms</c>.</exception>
    public static ParsedAuthorization Parse(string? authorization, string? amzDate, string? date) =>
        Parse(authorization, amzDate, date, KmsService);

    /// <summary>As the public overload, for another signing service (AWS's test suite signs for <c>service</c>).</summary>
    internal static ParsedAuthorization Parse(string? authorization, string? amzDate, string? date, string service)
    {
        if (authorization is null || !authorization.AsSpan().TrimStart().StartsWith("AWS4-", StringComparison.Ordinal))
        {
            throw SigV4Errors.MissingAuthenticationToken();
        }

        var header = AuthorizationHeader.Read(authorization);
        var hasDate = !string.IsNullOrEmpty(amzDate) || !string.IsNullOrEmpty(date);
        if (header.Credential.IsEmpty || header.Signature.IsEmpty || !header.HasSignedHeaders || !hasDate)
        {
            throw Incomplete(header, hasDate, authorization);
        }

        var (requestTime, requestTimestamp) = ReadTimestamp(amzDate, date);
        var signedHeaders = SignedHeaderList.Read(header.SignedHeaders);
        if (!signedHeaders.Contains("host"))
        {
            throw SigV4Errors.InvalidSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }

        if (!header.Algorithm.SequenceEqual(Algorithm))
        {
            throw SigV4Errors.IncompleteSignature(
                $"Unsupported AWS 'algorithm': '{header.Algorithm}' (only AWS4-HMAC-SHA256 for now). ");
        }

        var credential = CredentialScope.Read(header.Credential, requestTimestamp, service);
        return new ParsedAuthorization(
            credential, signedHeaders, header.Signature.ToString(), requestTime, requestTimestamp);
    }

    private static Core.Errors.KmsException Incomplete(AuthorizationHeader header, bool hasDate, string authorization)
    {
        var message = new StringBuilder();
        if (header.Credential.IsEmpty)
        {
            message.Append("Authorization header requires 'Credential' parameter. ");
        }

        if (header.Signature.IsEmpty)
        {
            message.Append("Authorization header requires 'Signature' parameter. ");
        }

        if (!header.HasSignedHeaders)
        {
            message.Append("Authorization header requires 'SignedHeaders' parameter. ");
        }

        if (!hasDate)
        {
            message.Append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }

        return SigV4Errors.IncompleteSignature(message.Append("Authorization=").Append(authorization).ToString());
    }

    private static (DateTimeOffset Time, string Timestamp) ReadTimestamp(string? amzDate, string? date)
    {
        if (!string.IsNullOrEmpty(amzDate))
        {
            return AmzTimestamp.TryParseAmzDate(amzDate, out var time) ? (time, amzDate) : throw MalformedDate(amzDate);
        }

        // Only reached with a Date header: the caller has checked that one of the two is present.
        return AmzTimestamp.TryParseHttpDate(date!, out var httpTime)
            ? (httpTime, AmzTimestamp.Format(httpTime))
            : throw MalformedDate(date!);
    }

    private static Core.Errors.KmsException MalformedDate(string value) =>
        SigV4Errors.IncompleteSignature(
            $"Date must be in ISO-8601 'basic format'. Got '{value}'. See http://en.wikipedia.org/wiki/ISO_8601");
}

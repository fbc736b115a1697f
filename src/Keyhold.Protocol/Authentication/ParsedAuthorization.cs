namespace Keyhold.Protocol.Authentication;

/// <summary>
/// A well-formed SigV4 Authorization header and request timestamp, as returned by <see cref="SigV4Parser"/>.
/// Well-formed is not authentic: only <see cref="SigV4Verifier.Verify"/> checks the signature and the clock.
/// </summary>
public sealed class ParsedAuthorization
{
    internal ParsedAuthorization(
        SigV4Credential credential,
        SignedHeaderList signedHeaders,
        string signature,
        DateTimeOffset requestTime,
        string requestTimestamp)
    {
        Credential = credential;
        SignedHeaderList = signedHeaders;
        Signature = signature;
        RequestTime = requestTime;
        RequestTimestamp = requestTimestamp;
    }

    public SigV4Credential Credential { get; }

    /// <summary>The signed header names, lowercase and sorted ordinally; always contains <c>host</c>.</summary>
    public IReadOnlyList<string> SignedHeaders => SignedHeaderList.ReadOnlyNames;

    /// <summary>The signature exactly as the client sent it (64 hex digits when the client is sane).</summary>
    public string Signature { get; }

    /// <summary>When the client signed the request, from <c>X-Amz-Date</c> (or <c>Date</c> when that is absent).</summary>
    public DateTimeOffset RequestTime { get; }

    /// <summary><see cref="RequestTime"/> as <c>yyyyMMddTHHmmssZ</c>, the form the string to sign uses.</summary>
    public string RequestTimestamp { get; }

    internal SignedHeaderList SignedHeaderList { get; }
}

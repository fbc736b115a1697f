using System.Buffers;
using System.Security.Cryptography;

namespace Keyhold.Protocol.Authentication;

/// <summary>
/// Verifies AWS Signature Version 4 (header form) on a request that <see cref="SigV4Parser"/> found well formed.
/// </summary>
/// <remarks>
/// <para>The client signed, and this class recomputes:</para>
/// <list type="number">
/// <item>The canonical request: the method; the canonical URI (path with dot and empty segments removed, then
/// URI-encoded, which for a path that arrived encoded is AWS's double encoding); the canonical query (each
/// parameter decoded and re-encoded with RFC 3986 unreserved characters kept, sorted by name then value);
/// one <c>name:value</c> line per signed header (lowercase name, value trimmed with inner whitespace runs
/// collapsed to one space, repeated headers joined with ','); a blank line; the signed header names joined with
/// ';'; the hex SHA-256 of the body.</item>
/// <item>The string to sign: <c>AWS4-HMAC-SHA256</c>, the request timestamp, the scope
/// <c>date/region/service/aws4_request</c> and the hex SHA-256 of the canonical request, one per line.</item>
/// <item>The signing key <c>HMAC("AWS4" + secret, date) → region → service → "aws4_request"</c>, cached per scope
/// (<see cref="SigningKeyCache"/>), and the signature <c>HMAC(signing key, string to sign)</c>, compared with the
/// client's in constant time.</item>
/// </list>
/// <para>The request time must be within <see cref="MaxClockSkew"/> of the clock, as AWS requires.</para>
/// </remarks>
public sealed class SigV4Verifier
{
    /// <summary>How far the request timestamp may be from the server clock, either way (AWS: 5 minutes).</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    private const int SignatureLength = 32;

    private readonly TimeProvider _timeProvider;
    private readonly SigningKeyCache _signingKeys;

    public SigV4Verifier(TimeProvider timeProvider)
        : this(timeProvider, SigningKeyCache.DefaultCapacity)
    {
    }

    /// <param name="timeProvider">The clock the request timestamp is checked against.</param>
    /// <param name="signingKeyCacheCapacity">How many derived signing keys (one per access key, region and day) to keep.</param>
    public SigV4Verifier(TimeProvider timeProvider, int signingKeyCacheCapacity)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _signingKeys = new SigningKeyCache(signingKeyCacheCapacity);
    }

    /// <summary>
    /// Checks the request time and recomputes the signature with <paramref name="secretAccessKey"/>, the secret of
    /// <c>parsed.Credential.AccessKeyId</c>.
    /// </summary>
    /// <exception cref="Core.Errors.KmsException">
    /// <c>InvalidSignatureException</c>: the request is too old or too new, or its signature does not match.
    /// </exception>
    public void Verify(SigV4Request request, ParsedAuthorization parsed, string secretAccessKey)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(secretAccessKey);

        CheckClock(parsed.RequestTime);
        Span<byte> expected = stackalloc byte[SignatureLength];
        ComputeSignature(request, parsed, secretAccessKey, expected);
        Span<byte> provided = stackalloc byte[SignatureLength];
        if (!TryReadSignature(parsed.Signature, provided) || !CryptographicOperations.FixedTimeEquals(expected, provided))
        {
            throw SigV4Errors.SignatureDoesNotMatch();
        }
    }

    internal void ComputeSignature(SigV4Request request, ParsedAuthorization parsed, string secretAccessKey, Span<byte> signature)
    {
        var writer = new PooledUtf8Writer(1024);
        try
        {
            CanonicalRequest.Write(ref writer, request, parsed);
            Span<byte> canonicalRequestHash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(writer.Written, canonicalRequestHash);

            writer.Clear();
            writer.Write("AWS4-HMAC-SHA256\n"u8);
            writer.Write(parsed.RequestTimestamp);
            writer.Write((byte)'\n');
            var scope = parsed.Credential;
            writer.Write(scope.Date);
            writer.Write((byte)'/');
            writer.Write(scope.Region);
            writer.Write((byte)'/');
            writer.Write(scope.Service);
            writer.Write("/aws4_request\n"u8);
            writer.WriteLowerHex(canonicalRequestHash);

            var signingKey = _signingKeys.GetSigningKey(scope, secretAccessKey);
            HMACSHA256.HashData(signingKey, writer.Written, signature);
        }
        finally
        {
            writer.Dispose();
        }
    }

    private void CheckClock(DateTimeOffset requestTime)
    {
        var now = _timeProvider.GetUtcNow();
        if (requestTime < now - MaxClockSkew)
        {
            throw SigV4Errors.SignatureExpired(requestTime, now);
        }

        if (requestTime > now + MaxClockSkew)
        {
            throw SigV4Errors.SignatureNotYetCurrent(requestTime, now);
        }
    }

    private static bool TryReadSignature(string hex, Span<byte> destination) =>
        hex.Length == 2 * SignatureLength
        && Convert.FromHexString(hex, destination, out _, out var written) == OperationStatus.Done
        && written == SignatureLength;
}

namespace Keyhold.Protocol.Authentication;

/// <summary>
/// Signs a request with AWS Signature Version 4 (header form), for Keyhold's own clients. The canonical request,
/// string to sign and signing key are computed by the same code that verifies requests
/// (<see cref="CanonicalRequest"/>, <see cref="SigV4Verifier"/>, <see cref="SigningKeyCache"/>), so whatever this
/// signs the server accepts; known-answer tests pin it to botocore's and the AWS SDK for .NET's signatures.
/// </summary>
public static class SigV4Signer
{
    private const int SignatureLength = 32;

    // Only its signing-key cache and signature computation are used; its clock is never consulted.
    private static readonly SigV4Verifier Signatures = new(TimeProvider.System, signingKeyCacheCapacity: 16);

    /// <summary>
    /// Signs <c>host</c> (from <paramref name="uri"/>, as HttpClient sends it), every header in
    /// <paramref name="headers"/> (for KMS: <c>Content-Type</c> and <c>X-Amz-Target</c>), <c>X-Amz-Date</c> and,
    /// with a session token, <c>X-Amz-Security-Token</c>; returns the headers to add to the request:
    /// <c>X-Amz-Date</c>, <c>X-Amz-Security-Token</c> when there is a token, and <c>Authorization</c>.
    /// </summary>
    /// <param name="method">The HTTP method, e.g. <c>POST</c>.</param>
    /// <param name="uri">The absolute request URI; its path and query are signed as they go on the wire.</param>
    /// <param name="headers">Headers sent with the request that must be signed (names in any case, each once).</param>
    /// <param name="body">The exact request body.</param>
    /// <param name="accessKeyId">The access key id, sent in the credential scope.</param>
    /// <param name="secretAccessKey">The secret the signing key is derived from; never sent.</param>
    /// <param name="sessionToken">The session token of temporary credentials, or null.</param>
    /// <param name="region">The signing region, e.g. <c>us-east-1</c>.</param>
    /// <param name="service">The signing service, e.g. <c>kms</c>.</param>
    /// <param name="time">The signing time; AWS accepts it within 5 minutes of its clock. Sub-seconds are dropped.</param>
    public static IReadOnlyList<KeyValuePair<string, string>> Sign(
        string method,
        Uri uri,
        IEnumerable<KeyValuePair<string, string>> headers,
        ReadOnlyMemory<byte> body,
        string accessKeyId,
        string secretAccessKey,
        string? sessionToken,
        string region,
        string service,
        DateTimeOffset time)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentException.ThrowIfNullOrEmpty(accessKeyId);
        ArgumentNullException.ThrowIfNull(secretAccessKey);
        ArgumentException.ThrowIfNullOrEmpty(region);
        ArgumentException.ThrowIfNullOrEmpty(service);
        if (!uri.IsAbsoluteUri)
        {
            throw new ArgumentException("The request URI must be absolute.", nameof(uri));
        }

        var timestamp = AmzTimestamp.Format(time);
        var signed = new Dictionary<string, string>(StringComparer.Ordinal) { ["host"] = uri.Authority };
        foreach (var (name, value) in headers)
        {
            var lower = name.ToLowerInvariant();
            if (lower is "authorization" or "x-amz-date" or "x-amz-security-token" || !signed.TryAdd(lower, value))
            {
                throw new ArgumentException($"The header '{name}' is given twice or is one the signer sets itself.", nameof(headers));
            }
        }

        signed["x-amz-date"] = timestamp;
        if (sessionToken is not null)
        {
            signed["x-amz-security-token"] = sessionToken;
        }

        var names = signed.Keys.ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        var signedHeaders = SignedHeaderList.Read(string.Join(';', names));
        var scope = new SigV4Credential(accessKeyId, timestamp[..8], region, service);
        var parsed = new ParsedAuthorization(scope, signedHeaders, string.Empty, time, timestamp);
        var request = new SigV4Request(method, uri.AbsolutePath, uri.Query, name => signed.GetValueOrDefault(name)) { Body = body };

        Span<byte> signature = stackalloc byte[SignatureLength];
        Signatures.ComputeSignature(request, parsed, secretAccessKey, signature);
        var authorization = $"{SigV4Parser.Algorithm} Credential={accessKeyId}/{scope.Date}/{region}/{service}/{SigV4Parser.Terminator}, "
            + $"SignedHeaders={signedHeaders.Text}, Signature={Convert.ToHexStringLower(signature)}";

        var result = new List<KeyValuePair<string, string>>(3) { new("X-Amz-Date", timestamp) };
        if (sessionToken is not null)
        {
            result.Add(new("X-Amz-Security-Token", sessionToken));
        }

        result.Add(new("Authorization", authorization));
        return result;
    }
}

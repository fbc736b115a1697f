namespace Keyhold.Protocol.Authentication;

/// <summary>
/// The raw parameters of a header-based SigV4 <c>Authorization</c> value,
/// <c>AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…</c>, as slices of the header.
/// </summary>
internal readonly ref struct AuthorizationHeader
{
    private AuthorizationHeader(
        ReadOnlySpan<char> algorithm,
        ReadOnlySpan<char> credential,
        ReadOnlySpan<char> signedHeaders,
        bool hasSignedHeaders,
        ReadOnlySpan<char> signature)
    {
        Algorithm = algorithm;
        Credential = credential;
        SignedHeaders = signedHeaders;
        HasSignedHeaders = hasSignedHeaders;
        Signature = signature;
    }

    public ReadOnlySpan<char> Algorithm { get; }

    /// <summary>Empty when absent or empty; AWS treats both as missing.</summary>
    public ReadOnlySpan<char> Credential { get; }

    public ReadOnlySpan<char> SignedHeaders { get; }

    /// <summary>An empty <c>SignedHeaders=</c> is present (it then fails the host check), unlike an absent one.</summary>
    public bool HasSignedHeaders { get; }

    /// <summary>Empty when absent or empty; AWS treats both as missing.</summary>
    public ReadOnlySpan<char> Signature { get; }

    /// <summary>
    /// Splits the parameters as AWS does: on commas and whitespace, every piece must be <c>key=value</c>
    /// (the first piece that is not fails the request), unknown keys are ignored and a repeated key keeps
    /// its last value.
    /// </summary>
    public static AuthorizationHeader Read(string authorization)
    {
        var header = authorization.AsSpan().Trim();
        var algorithmEnd = header.IndexOfAny(' ', '\t');
        var algorithm = algorithmEnd < 0 ? header : header[..algorithmEnd];
        var parameters = algorithmEnd < 0 ? ReadOnlySpan<char>.Empty : header[(algorithmEnd + 1)..];

        ReadOnlySpan<char> credential = default;
        ReadOnlySpan<char> signedHeaders = default;
        ReadOnlySpan<char> signature = default;
        var hasSignedHeaders = false;
        foreach (var range in parameters.SplitAny(", \t"))
        {
            var piece = parameters[range];
            if (piece.IsEmpty)
            {
                continue;
            }

            var equals = piece.IndexOf('=');
            if (equals < 0)
            {
                throw SigV4Errors.IncompleteSignature(
                    $"'{piece}' not a valid key=value pair (missing equal-sign) in Authorization header: '{authorization}'.");
            }

            var key = piece[..equals];
            var value = piece[(equals + 1)..];
            if (key.SequenceEqual("Credential"))
            {
                credential = value;
            }
            else if (key.SequenceEqual("SignedHeaders"))
            {
                signedHeaders = value;
                hasSignedHeaders = true;
            }
            else if (key.SequenceEqual("Signature"))
            {
                signature = value;
            }
        }

        return new AuthorizationHeader(algorithm, credential, signedHeaders, hasSignedHeaders, signature);
    }
}

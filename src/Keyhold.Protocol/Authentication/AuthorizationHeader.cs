namespace Keyhold.Protocol.Authentication;

/// <summary>
/// The raw parameters of a header-based SigV4 <c>Authorization</c> value:
/// <c>AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…</c>.
/// </summary>
internal readonly record struct AuthorizationHeader(
    string Algorithm,
    string? Credential,
    string? SignedHeaders,
    string? Signature)
{
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

        string? credential = null;
        string? signedHeaders = null;
        string? signature = null;
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
                credential = value.ToString();
            }
            else if (key.SequenceEqual("SignedHeaders"))
            {
                signedHeaders = value.ToString();
            }
            else if (key.SequenceEqual("Signature"))
            {
                signature = value.ToString();
            }
        }

        return new AuthorizationHeader(algorithm.ToString(), credential, signedHeaders, signature);
    }
}

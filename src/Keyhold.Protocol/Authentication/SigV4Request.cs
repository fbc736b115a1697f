namespace Keyhold.Protocol.Authentication;

/// <summary>
/// What the SigV4 verifier reads from an HTTP request. Headers are looked up on demand, so the server passes
/// its own header collection without copying it, e.g.
/// <c>name =&gt; request.Headers.TryGetValue(name, out var v) ? v.ToString() : null</c>.
/// </summary>
public sealed class SigV4Request
{
    /// <param name="method">The HTTP method, e.g. <c>POST</c>.</param>
    /// <param name="path">The path exactly as it arrived on the wire (still percent-encoded), e.g. <c>/</c>.</param>
    /// <param name="queryString">The raw query string, with or without its leading '?'; null or empty for none.</param>
    /// <param name="headers">
    /// Returns the value of a header given its lowercase name, or null when absent. A header sent several times
    /// is returned as its values joined with ',' (what ASP.NET Core's <c>StringValues.ToString()</c> does).
    /// </param>
    public SigV4Request(string method, string path, string? queryString, Func<string, string?> headers)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(headers);
        Method = method;
        Path = path;
        QueryString = queryString ?? string.Empty;
        Headers = headers;
    }

    public string Method { get; }

    public string Path { get; }

    public string QueryString { get; }

    public Func<string, string?> Headers { get; }

    /// <summary>The request body; hashed with SHA-256 unless <see cref="PayloadSha256"/> is given.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>
    /// The SHA-256 of the body (32 bytes) when the server already computed it while reading the body;
    /// empty to let the verifier hash <see cref="Body"/>.
    /// </summary>
    public ReadOnlyMemory<byte> PayloadSha256 { get; init; }
}

using Keyhold.Protocol.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Keyhold.Server.Authentication;

/// <summary>Adapts an ASP.NET Core request to the verifier's <see cref="SigV4Request"/> without copying headers.</summary>
internal static class SigV4HttpRequest
{
    public static SigV4Request Create(HttpRequest request, ReadOnlyMemory<byte> body)
    {
        // The raw target is what the client signed (path and query exactly as sent).
        var rawTarget = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "/";
        var query = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? rawTarget : rawTarget[..query];
        var queryString = query < 0 ? string.Empty : rawTarget[(query + 1)..];
        var headers = request.Headers;
        return new SigV4Request(request.Method, path, queryString, name => headers.TryGetValue(name, out var values) ? values.ToString() : null)
        {
            Body = body,
        };
    }

    /// <summary>Parses (without verifying) the Authorization header: credential scope, signed headers, timestamp.</summary>
    public static ParsedAuthorization Parse(HttpRequest request, string service) => SigV4Parser.Parse(Create(request, ReadOnlyMemory<byte>.Empty), service);
}

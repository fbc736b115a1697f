using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Keyhold.Server.Tests.Infrastructure;

/// <summary>
/// Raw AWS JSON 1.1 requests for <c>--dev</c> servers: a well-formed SigV4 Authorization header whose signature is
/// not checked, so a test can send bodies and headers the SDK would never produce.
/// </summary>
internal static class DevRequest
{
    public const string ContentType = "application/x-amz-json-1.1";

    public static HttpRequestMessage Create(Uri endpoint, string? target, string body, string region = TestServer.Region)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(ContentType);
        if (target is not null)
        {
            request.Headers.Add("X-Amz-Target", target);
        }

        foreach (var (name, value) in AuthHeaders(region))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    /// <summary>X-Amz-Date and an Authorization header with a dummy signature.</summary>
    public static IEnumerable<(string Name, string Value)> AuthHeaders(string region = TestServer.Region)
    {
        var amzDate = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        yield return ("X-Amz-Date", amzDate);
        yield return ("Authorization",
            $"AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/{amzDate[..8]}/{region}/kms/aws4_request, "
            + $"SignedHeaders=host;x-amz-date;x-amz-target, Signature={new string('0', 64)}");
    }
}

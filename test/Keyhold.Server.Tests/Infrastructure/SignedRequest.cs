using System.Net.Http.Headers;
using System.Text.Json;
using Keyhold.Protocol.Authentication;

namespace Keyhold.Server.Tests.Infrastructure;

/// <summary>
/// Raw AWS JSON 1.1 requests signed with SigV4 (the administrator's credentials) for a verifying server, so a test
/// can send any body, however malformed, past authentication to the parser and the validator.
/// </summary>
internal static class SignedRequest
{
    public static async Task<SignedResponse> SendAsync(HttpClient http, TestServer server, string target, byte[] body, DateTimeOffset? signedAt = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, server.Endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(DevRequest.ContentType);
        request.Headers.Add("X-Amz-Target", target);
        KeyValuePair<string, string>[] signedHeaders = [new("Content-Type", DevRequest.ContentType), new("X-Amz-Target", target)];
        var added = SigV4Signer.Sign(
            "POST", server.Endpoint, signedHeaders, body, server.Credentials.AccessKeyId, server.Credentials.SecretAccessKey, null,
            TestServer.Region, "kms", signedAt ?? DateTimeOffset.UtcNow);
        foreach (var (name, value) in added)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await http.SendAsync(request).WithTimeout();
        var text = await response.Content.ReadAsStringAsync().WithTimeout();
        return new SignedResponse((int)response.StatusCode, text);
    }
}

/// <summary>The status and the AWS error fields of a response (<c>__type</c> and <c>message</c>, null when absent).</summary>
internal sealed record SignedResponse(int Status, string Body)
{
    public string? Type => Field("__type");

    public string? Message => Field("message");

    private string? Field(string name)
    {
        try
        {
            using var json = JsonDocument.Parse(Body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty(name, out var value) ? value.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

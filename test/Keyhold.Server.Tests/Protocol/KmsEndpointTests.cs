using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Server.Tests.Infrastructure;

namespace Keyhold.Server.Tests.Protocol;

/// <summary>
/// The AWS JSON 1.1 pipeline as a client sees it on the wire. Raw requests go to a <c>--dev</c> server, whose
/// signature check only parses the header; ordering checks (what fails before authentication) use a signed server.
/// </summary>
public sealed class KmsEndpointTests(DevServerFixture dev, ServerFixture verifying)
    : IClassFixture<DevServerFixture>, IClassFixture<ServerFixture>, IDisposable
{
    private const int BodyLimit = 1024 * 1024;
    private readonly HttpClient _http = new() { Timeout = TimeoutExtensions.Timeout };

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Post_UnknownTarget_Returns400UnknownOperationWithoutMessage()
    {
        var response = await SendDevAsync("TrentService.FlyToTheMoon", "{}");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("{\"__type\":\"UnknownOperationException\"}", response.Body);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ListKeys")]
    [InlineData("DynamoDB_20120810.ListKeys")]
    [InlineData("trentservice.ListKeys")]
    public async Task Post_MissingOrForeignTarget_Returns400UnknownOperation(string? target)
    {
        var response = await SendDevAsync(target, "{}");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("{\"__type\":\"UnknownOperationException\"}", response.Body);
    }

    [Fact]
    public async Task Post_UnknownTargetUnsigned_IsRefusedBeforeAuthentication()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, verifying.Server.Endpoint) { Content = new StringContent("{}") };
        request.Headers.Add("X-Amz-Target", "TrentService.Nope");

        using var response = await _http.SendAsync(request).WithTimeout();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("{\"__type\":\"UnknownOperationException\"}", await response.Content.ReadAsStringAsync().WithTimeout());
    }

    [Theory]
    [InlineData("{")]
    [InlineData("{\"KeyId\": }")]
    [InlineData("not json")]
    public async Task Post_MalformedJson_Returns400SerializationException(string body)
    {
        var response = await SendDevAsync("TrentService.DescribeKey", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("SerializationException", response.Json.RootElement.GetProperty("__type").GetString());
    }

    [Fact]
    public async Task Post_ArrayBody_Returns400SerializationException()
    {
        var response = await SendDevAsync("TrentService.ListKeys", "[]");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("SerializationException", response.Json.RootElement.GetProperty("__type").GetString());
        Assert.Equal("Start of list found where not expected", response.Json.RootElement.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("42")]
    [InlineData("\"text\"")]
    [InlineData("null")]
    public async Task Post_ScalarBody_Returns400SerializationExceptionWithoutMessage(string body)
    {
        var response = await SendDevAsync("TrentService.ListKeys", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("{\"__type\":\"SerializationException\"}", response.Body);
    }

    [Fact]
    public async Task Post_WrongJsonTypeForMember_Returns400SerializationException()
    {
        var response = await SendDevAsync("TrentService.ListKeys", "{\"Limit\":\"ten\"}");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("SerializationException", response.Json.RootElement.GetProperty("__type").GetString());
        Assert.Equal("STRING_VALUE can not be converted to an Integer", response.Json.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Post_FractionalInteger_IsTruncatedAsAwsDoes()
    {
        // RequestValidator reads 1.9 as 1 (AWS's front end truncates); the handler must read it the same way.
        var random = await SendDevAsync("TrentService.GenerateRandom", "{\"NumberOfBytes\":16.9}");

        Assert.Equal(HttpStatusCode.OK, random.Status);
        Assert.Equal(16, random.Json.RootElement.GetProperty("Plaintext").GetBytesFromBase64().Length);
        await SendDevAsync("TrentService.CreateKey", "{}");
        await SendDevAsync("TrentService.CreateKey", "{}");
        var keys = await SendDevAsync("TrentService.ListKeys", "{\"Limit\":1.9}");
        Assert.Equal(HttpStatusCode.OK, keys.Status);
        Assert.Single(keys.Json.RootElement.GetProperty("Keys").EnumerateArray());
        Assert.True(keys.Json.RootElement.GetProperty("Truncated").GetBoolean());
    }

    [Fact]
    public async Task Post_UnreadableString_Returns400WithoutInternalTypeNames()
    {
        var key = await SendDevAsync("TrentService.CreateKey", "{}");
        var keyId = key.Json.RootElement.GetProperty("KeyMetadata").GetProperty("KeyId").GetString();

        var response = await SendDevAsync(
            "TrentService.Encrypt", $"{{\"KeyId\":\"{keyId}\",\"Plaintext\":\"AQ==\",\"EncryptionContext\":{{\"a\":\"\\ud800\"}}}}");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("SerializationException", response.Json.RootElement.GetProperty("__type").GetString());
        Assert.DoesNotContain("System.", response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Keyhold", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_EmptyBody_IsTreatedAsEmptyObject()
    {
        var response = await SendDevAsync("TrentService.ListKeys", string.Empty);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(JsonValueKind.Array, response.Json.RootElement.GetProperty("Keys").ValueKind);
    }

    [Fact]
    public async Task GetParametersForImport_ModelOperationNotImplemented_ThrowsUnsupportedOperation()
    {
        using var client = verifying.Server.CreateClient();
        var key = await client.CreateTestKeyAsync();

        // The SDK types only the errors the model declares for an operation: UnsupportedOperationException is declared
        // for GetParametersForImport, so it arrives typed.
        await KmsAssert.ThrowsAsync<UnsupportedOperationException>(
            () => client.GetParametersForImportAsync(new GetParametersForImportRequest
            {
                KeyId = key.KeyId,
                WrappingAlgorithm = AlgorithmSpec.RSAES_OAEP_SHA_256,
                WrappingKeySpec = WrappingKeySpec.RSA_2048,
            }),
            "Keyhold does not support GetParametersForImport yet.");
    }

    [Fact]
    public async Task Post_DeclaredContentLengthOverLimit_Returns413WithoutReadingTheBody()
    {
        await using var connection = await RawHttpConnection.OpenAsync(verifying.Server.Endpoint);

        // Headers only: a server that tried to read (or buffer) the declared 64 MiB would never answer.
        await connection.SendAsync(
            $"POST / HTTP/1.1\r\nHost: {verifying.Server.Endpoint.Authority}\r\nX-Amz-Target: TrentService.Encrypt\r\n"
            + $"Content-Type: application/x-amz-json-1.1\r\nContent-Length: {64 * BodyLimit}\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        AssertTooLarge(response);
    }

    [Fact]
    public async Task Post_ChunkedBodyOverLimit_Returns413WithoutWaitingForTheEnd()
    {
        await using var connection = await RawHttpConnection.OpenAsync(verifying.Server.Endpoint);
        await connection.SendAsync(
            $"POST / HTTP/1.1\r\nHost: {verifying.Server.Endpoint.Authority}\r\nX-Amz-Target: TrentService.Encrypt\r\n"
            + "Content-Type: application/x-amz-json-1.1\r\nTransfer-Encoding: chunked\r\n\r\n");

        // Just over the limit, then no terminating chunk: the answer must come while the body is still open.
        var chunk = Encoding.ASCII.GetBytes($"{16 * 1024:x}\r\n{new string(' ', 16 * 1024)}\r\n");
        var sending = Task.Run(async () =>
        {
            try
            {
                for (var sent = 0; sent <= BodyLimit; sent += 16 * 1024)
                {
                    await connection.SendAsync(chunk);
                }
            }
            catch (IOException)
            {
                // Having answered, the server may reset the connection while the last chunks are in flight.
            }
        });
        var response = await connection.ReadResponseAsync();

        AssertTooLarge(response);
        await sending.WithTimeout();
    }

    [Fact]
    public async Task Post_BodyExactlyAtLimit_IsAccepted()
    {
        var body = "{" + new string(' ', BodyLimit - 2) + "}";

        var response = await SendDevAsync("TrentService.ListKeys", body);

        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    [Fact]
    public async Task GetHealthz_Returns200Ok()
    {
        using var response = await _http.GetAsync(new Uri(verifying.Server.Endpoint, "/healthz")).WithTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", (await response.Content.ReadAsStringAsync().WithTimeout()).Trim());
    }

    [Theory]
    [InlineData("TrentService.ListKeys", "{}", HttpStatusCode.OK)]
    [InlineData("TrentService.DescribeKey", "{\"KeyId\":\"nope\"}", HttpStatusCode.BadRequest)]
    [InlineData("TrentService.Nope", "{}", HttpStatusCode.BadRequest)]
    public async Task Post_AnyOutcome_HasAwsJsonContentTypeAndUniqueRequestId(string target, string body, HttpStatusCode status)
    {
        var first = await SendDevAsync(target, body);
        var second = await SendDevAsync(target, body);

        Assert.Equal(status, first.Status);
        Assert.Equal("application/x-amz-json-1.1", first.ContentType);
        Assert.True(Guid.TryParse(first.RequestId, out _), first.RequestId);
        Assert.NotEqual(first.RequestId, second.RequestId);
    }

    [Fact]
    public async Task Responses_Timestamps_AreEpochSecondsAsJsonNumbers()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000m;
        var created = await SendDevAsync("TrentService.CreateKey", "{}");
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000m;
        var metadata = created.Json.RootElement.GetProperty("KeyMetadata");
        var keyId = metadata.GetProperty("KeyId").GetString();
        await SendDevAsync("TrentService.CreateAlias", $"{{\"AliasName\":\"alias/epoch-{Guid.NewGuid():N}\",\"TargetKeyId\":\"{keyId}\"}}");
        var scheduled = await SendDevAsync("TrentService.ScheduleKeyDeletion", $"{{\"KeyId\":\"{keyId}\",\"PendingWindowInDays\":7}}");
        var aliases = await SendDevAsync("TrentService.ListAliases", $"{{\"KeyId\":\"{keyId}\"}}");

        var creationDate = metadata.GetProperty("CreationDate");
        Assert.Equal(JsonValueKind.Number, creationDate.ValueKind);
        Assert.InRange(creationDate.GetDecimal(), before - 1, after + 1);
        var deletionDate = scheduled.Json.RootElement.GetProperty("DeletionDate");
        Assert.Equal(JsonValueKind.Number, deletionDate.ValueKind);
        Assert.InRange(deletionDate.GetDecimal() - creationDate.GetDecimal(), 7 * 86400m - 5, 7 * 86400m + 5);
        var alias = Assert.Single(aliases.Json.RootElement.GetProperty("Aliases").EnumerateArray());
        Assert.Equal(JsonValueKind.Number, alias.GetProperty("CreationDate").ValueKind);
        Assert.Equal(JsonValueKind.Number, alias.GetProperty("LastUpdatedDate").ValueKind);
    }

    [Fact]
    public async Task Requests_ManyAtOnce_EachGetsItsOwnAnswer()
    {
        // Request bodies live in pooled buffers: concurrent requests must never see each other's bytes.
        using var client = verifying.Server.CreateClient();
        var key = await client.CreateTestKeyAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 48).Select(async i =>
        {
            var plaintext = Encoding.UTF8.GetBytes($"message {i} " + new string((char)('a' + (i % 26)), 100 + (i * 37)));
            var context = new Dictionary<string, string> { ["n"] = i.ToString(CultureInfo.InvariantCulture) };
            var ciphertext = await client.EncryptBytesAsync(key.KeyId, plaintext, context);
            return (plaintext, decrypted: await client.DecryptBytesAsync(ciphertext, context));
        })).WithTimeout();

        Assert.All(results, r => Assert.Equal(r.plaintext, r.decrypted));
    }

    private static void AssertTooLarge(RawHttpResponse response)
    {
        Assert.Equal(413, response.StatusCode);
        Assert.StartsWith("application/x-amz-json-1.1", response.Headers["Content-Type"], StringComparison.Ordinal);
        using var json = JsonDocument.Parse(response.Body);
        Assert.Equal("RequestEntityTooLargeException", json.RootElement.GetProperty("__type").GetString());
        Assert.Equal(
            string.Create(CultureInfo.InvariantCulture, $"The request body is larger than the limit of {BodyLimit} bytes."),
            json.RootElement.GetProperty("message").GetString());
    }

    private async Task<DevResponse> SendDevAsync(string? target, string body)
    {
        using var request = DevRequest.Create(dev.Server.Endpoint, target, body);
        using var response = await _http.SendAsync(request).WithTimeout();
        var text = await response.Content.ReadAsStringAsync().WithTimeout();
        return new DevResponse(
            response.StatusCode,
            text,
            response.Content.Headers.ContentType?.MediaType,
            response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.Single() : null);
    }

    private sealed record DevResponse(HttpStatusCode Status, string Body, string? ContentType, string? RequestId)
    {
        public JsonDocument Json { get; } = JsonDocument.Parse(Body);
    }
}

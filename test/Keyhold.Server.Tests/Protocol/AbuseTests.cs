using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Amazon.KeyManagementService.Model;
using Keyhold.Server.Tests.Infrastructure;

namespace Keyhold.Server.Tests.Protocol;

/// <summary>
/// Clients that misbehave on purpose, against the real server: slow headers and bodies are cut off by the Kestrel
/// limits of <c>KeyholdOptions</c>, idle sockets do not starve other clients, a replayed request
/// expires, and a flood of tags is refused as AWS refuses it. These tests use real time: Kestrel checks its limits
/// on its own one-second heartbeat, which no fake clock drives.
/// </summary>
public sealed class AbuseTests
{
    private static readonly TimeSpan CutOffWithin = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task SlowHeaders_TrickledByteByByte_AreCutOffWhileOthersAreServed()
    {
        await using var server = await TestServer.StartAsync(dev: true, configure: o => o.RequestHeadersTimeout = TimeSpan.FromSeconds(2));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        // Warm up first, so the timing below measures the slow client's effect and not the first request's JIT.
        await http.GetStringAsync(new Uri(server.Endpoint, "/healthz")).WithTimeout();
        await using var slow = await RawHttpConnection.OpenAsync(server.Endpoint);
        var headers = Encoding.ASCII.GetBytes("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: TrentService.ListKeys\r\n" + new string('x', 200));
        using var stop = new CancellationTokenSource();
        var trickle = TrickleAsync(slow, headers, TimeSpan.FromMilliseconds(100), stop.Token);

        var served = Stopwatch.StartNew();
        Assert.Equal("ok\n", await http.GetStringAsync(new Uri(server.Endpoint, "/healthz")).WithTimeout());
        Assert.True(served.Elapsed < TimeSpan.FromSeconds(5), $"/healthz took {served.Elapsed} next to a slow client.");

        var cutOff = Stopwatch.StartNew();
        await slow.ReadUntilClosedAsync(CutOffWithin);
        await stop.CancelAsync();
        await trickle;
        Assert.True(cutOff.Elapsed < CutOffWithin);
    }

    [Fact]
    public async Task SlowBody_BelowMinimumDataRate_IsCutOff()
    {
        await using var server = await TestServer.StartAsync(dev: true, configure: o => o.MinRequestBodyDataRateGracePeriod = TimeSpan.FromSeconds(2));
        await using var slow = await RawHttpConnection.OpenAsync(server.Endpoint);
        var head = new StringBuilder("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.1\r\n")
            .Append("X-Amz-Target: TrentService.ListKeys\r\nContent-Length: 100000\r\n");
        foreach (var (name, value) in DevRequest.AuthHeaders())
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        await slow.SendAsync(head.Append("\r\n").ToString());
        using var stop = new CancellationTokenSource();
        // 10 bytes a second, far below the default minimum of 240.
        var trickle = TrickleAsync(slow, Encoding.ASCII.GetBytes("{\"Limit\":" + new string(' ', 5000)), TimeSpan.FromMilliseconds(100), stop.Token);

        var response = await slow.ReadUntilClosedAsync(CutOffWithin);
        await stop.CancelAsync();
        await trickle;
        Assert.StartsWith("HTTP/1.1 408 ", response, StringComparison.Ordinal);
        Assert.Contains("RequestTimeoutException", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManyIdleConnections_NormalRequestIsServedQuickly()
    {
        await using var server = await TestServer.StartAsync(dev: true);
        using var kms = server.CreateClient();
        // Warm up first, so the timing below measures the idle sockets' effect and not the SDK's first call.
        await kms.ListKeysAsync(new ListKeysRequest()).WithTimeout();
        var idle = new List<TcpClient>();
        try
        {
            for (var i = 0; i < 500; i++)
            {
                var client = new TcpClient();
                idle.Add(client);
                await client.ConnectAsync(server.Endpoint.Host, server.Endpoint.Port).WithTimeout();
            }

            var served = Stopwatch.StartNew();
            await kms.ListKeysAsync(new ListKeysRequest()).WithTimeout();
            Assert.True(served.Elapsed < TimeSpan.FromSeconds(5), $"ListKeys took {served.Elapsed} next to 500 idle sockets.");
        }
        finally
        {
            idle.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task ConnectionsBeyondMaxConcurrentConnections_AreRefused()
    {
        await using var server = await TestServer.StartAsync(dev: true, configure: o => o.MaxConcurrentConnections = 5);
        var idle = new List<RawHttpConnection>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                // A served request proves Kestrel accepted (and counts) the connection; a bare TCP connect may still
                // wait in the kernel's backlog, and the sixth could then be accepted before it.
                var connection = await RawHttpConnection.OpenAsync(server.Endpoint);
                idle.Add(connection);
                await connection.SendAsync("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                Assert.Equal(200, (await connection.ReadResponseAsync()).StatusCode);
            }

            await using var extra = await RawHttpConnection.OpenAsync(server.Endpoint);
            await extra.SendAsync("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            Assert.DoesNotContain("200", await extra.ReadUntilClosedAsync(CutOffWithin), StringComparison.Ordinal);
        }
        finally
        {
            foreach (var connection in idle)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ReplayedRequest_SignedSixMinutesAgo_ThrowsSignatureExpired()
    {
        await using var server = await TestServer.StartAsync();
        using var http = new HttpClient();

        var response = await SignedRequest.SendAsync(
            http, server, "TrentService.ListKeys", "{}"u8.ToArray(), signedAt: DateTimeOffset.UtcNow.AddMinutes(-6));

        Assert.Equal(400, response.Status);
        Assert.Equal("InvalidSignatureException", response.Type);
        Assert.StartsWith("Signature expired:", response.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TagResource_ThousandsOfTags_ThrowsTooManyTags()
    {
        await using var server = await TestServer.StartAsync(dev: true);
        using var kms = server.CreateClient();
        var key = await kms.CreateTestKeyAsync();
        var tags = Enumerable.Range(0, 5000).Select(i => new Tag { TagKey = $"k{i}", TagValue = "v" }).ToList();

        await KmsAssert.ThrowsAsync<TagException>(() => kms.TagResourceAsync(new TagResourceRequest { KeyId = key.KeyId, Tags = tags }), "Too many tags");
        await KmsAssert.ThrowsAsync<TagException>(() => kms.CreateKeyAsync(new CreateKeyRequest { Tags = tags }), "Too many tags");
    }

    /// <summary>Sends <paramref name="bytes"/> one at a time until they run out, the server hangs up, or <paramref name="stop"/>.</summary>
    private static async Task TrickleAsync(RawHttpConnection connection, byte[] bytes, TimeSpan interval, CancellationToken stop)
    {
        try
        {
            for (var i = 0; i < bytes.Length && !stop.IsCancellationRequested; i++)
            {
                await connection.SendAsync(bytes.AsMemory(i, 1));
                await Task.Delay(interval, stop);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
        {
            // The server closed the connection: what the test waits for.
        }
    }
}

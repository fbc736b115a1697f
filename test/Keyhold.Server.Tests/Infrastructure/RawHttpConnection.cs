using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Keyhold.Server.Tests.Infrastructure;

/// <summary>
/// One HTTP/1.1 connection over a plain socket, for requests HttpClient will not send as written: a Content-Length
/// with no body behind it, or a chunked body that never ends. Reading the response while the body is still
/// unsent shows that the server answered without waiting for (or buffering) the body.
/// </summary>
internal sealed class RawHttpConnection : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly List<byte> _pending = [];

    private RawHttpConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<RawHttpConnection> OpenAsync(Uri endpoint)
    {
        var client = new TcpClient();
        try
        {
            await client.ConnectAsync(endpoint.Host, endpoint.Port).WithTimeout();
            return new RawHttpConnection(client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public Task SendAsync(string text) => SendAsync(Encoding.ASCII.GetBytes(text));

    public Task SendAsync(ReadOnlyMemory<byte> bytes) => _stream.WriteAsync(bytes).AsTask().WithTimeout();

    /// <summary>Reads one response: status line, headers, and a body framed by Content-Length or chunked encoding.</summary>
    public async Task<RawHttpResponse> ReadResponseAsync()
    {
        var head = Encoding.ASCII.GetString(await ReadUntilAsync("\r\n\r\n"u8.ToArray()));
        var lines = head.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        var body = new List<byte>();
        if (headers.TryGetValue("Content-Length", out var length))
        {
            body.AddRange(await ReadExactlyAsync(int.Parse(length, CultureInfo.InvariantCulture)));
        }
        else if (headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            while (true)
            {
                var sizeLine = Encoding.ASCII.GetString(await ReadUntilAsync("\r\n"u8.ToArray())).Trim();
                var size = int.Parse(sizeLine.Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (size == 0)
                {
                    await ReadUntilAsync("\r\n"u8.ToArray());
                    break;
                }

                body.AddRange(await ReadExactlyAsync(size));
                await ReadExactlyAsync(2);
            }
        }

        return new RawHttpResponse(status, headers, Encoding.UTF8.GetString(body.ToArray()));
    }

    /// <summary>
    /// Reads until the server closes (or resets) the connection and returns what it sent before; fails if it is still
    /// open after <paramref name="timeout"/>.
    /// </summary>
    public async Task<string> ReadUntilClosedAsync(TimeSpan timeout)
    {
        var received = new List<byte>(_pending);
        _pending.Clear();
        var buffer = new byte[8192];
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            int read;
            while ((read = await _stream.ReadAsync(buffer, deadline.Token)) > 0)
            {
                received.AddRange(buffer.AsSpan(0, read));
            }
        }
        catch (IOException)
        {
            // A reset is a close too.
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The server kept the connection open for more than {timeout.TotalSeconds} s.");
        }

        return Encoding.ASCII.GetString(received.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _client.Dispose();
    }

    private async Task<byte[]> ReadUntilAsync(byte[] terminator)
    {
        while (true)
        {
            var index = _pending.ToArray().AsSpan().IndexOf(terminator);
            if (index >= 0)
            {
                var result = _pending.GetRange(0, index + terminator.Length).ToArray();
                _pending.RemoveRange(0, index + terminator.Length);
                return result;
            }

            await FillAsync();
        }
    }

    private async Task<byte[]> ReadExactlyAsync(int count)
    {
        while (_pending.Count < count)
        {
            await FillAsync();
        }

        var result = _pending.GetRange(0, count).ToArray();
        _pending.RemoveRange(0, count);
        return result;
    }

    private async Task FillAsync()
    {
        var buffer = new byte[8192];
        var read = await _stream.ReadAsync(buffer).AsTask().WithTimeout();
        if (read == 0)
        {
            throw new IOException("The server closed the connection before the response was complete.");
        }

        _pending.AddRange(buffer.AsSpan(0, read));
    }
}

internal sealed record RawHttpResponse(int StatusCode, IReadOnlyDictionary<string, string> Headers, string Body);

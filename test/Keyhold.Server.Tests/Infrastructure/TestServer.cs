using Amazon.KeyManagementService;
using Amazon.Runtime;
using Keyhold.Server.Hosting;
using Microsoft.Extensions.Logging;

namespace Keyhold.Server.Tests.Infrastructure;

/// <summary>
/// A real Keyhold server on a free loopback port with its own temporary data directory (signatures verified, not
/// dev mode), and AWS SDK clients that use the administrator credentials it wrote on first start.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    public const string Region = "us-east-1";
    private readonly bool _ownsDirectory;

    private TestServer(KeyholdServer server, string dataDirectory, bool ownsDirectory, KeyholdOptions options)
    {
        Server = server;
        DataDirectory = dataDirectory;
        _ownsDirectory = ownsDirectory;
        Options = options;
        Credentials = AdminCredentials.Read(Path.Combine(dataDirectory, "admin-credentials"), options.Dev);
    }

    public KeyholdServer Server { get; }

    public KeyholdOptions Options { get; }

    public string DataDirectory { get; }

    public AdminCredentials Credentials { get; }

    public Uri Endpoint => Server.Endpoint;

    public string AccountId => Server.AccountId;

    /// <summary>Starts a server; pass a directory to reuse (restart tests), or none for a fresh temporary one.</summary>
    public static async Task<TestServer> StartAsync(string? dataDirectory = null, TimeProvider? time = null, bool dev = false, Action<KeyholdOptions>? configure = null)
    {
        var owns = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("keyhold-test-").FullName;
        var options = new KeyholdOptions
        {
            DataDirectory = dataDirectory,
            Listen = "127.0.0.1:0",
            Dev = dev,
            Region = Region,
        };
        configure?.Invoke(options);
        var server = await KeyholdServer.StartAsync(options, time, logging => logging.SetMinimumLevel(LogLevel.Warning))
            .WaitAsync(TimeSpan.FromSeconds(60));
        return new TestServer(server, dataDirectory, owns, options);
    }

    /// <summary>An AWS SDK for .NET KMS client pointed at this server (no retries, so errors surface at once).</summary>
    public AmazonKeyManagementServiceClient CreateClient(string? accessKeyId = null, string? secretAccessKey = null, string region = Region) =>
        new(
            new BasicAWSCredentials(accessKeyId ?? Credentials.AccessKeyId, secretAccessKey ?? Credentials.SecretAccessKey),
            new AmazonKeyManagementServiceConfig
            {
                ServiceURL = Endpoint.ToString(),
                AuthenticationRegion = region,
                MaxErrorRetry = 0,
                Timeout = TimeSpan.FromSeconds(30),
            });

    /// <summary>Stops the server but keeps the data directory (for restart tests).</summary>
    public async Task StopAsync() => await Server.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync().AsTask().WaitAsync(TimeoutExtensions.Timeout);
        if (_ownsDirectory)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temp directory left behind is harmless.
            }
        }
    }
}

using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Keyhold.Server.Hosting;
using Microsoft.Extensions.Logging;

namespace Keyhold.Cli.Tests.Infrastructure;

/// <summary>
/// A real Keyhold server in-process on a free loopback port (signatures verified), the AWS SDK client the tests
/// arrange and check with, and <see cref="RunAsync"/> to run a keyhold command in-process against it. The commands
/// find the server's administrator credentials as users do: <c>--profile keyhold</c> with
/// <c>AWS_SHARED_CREDENTIALS_FILE</c> (fixed for the process by <see cref="TestEnvironment"/>) holding the profile the server wrote.
/// </summary>
[SuppressMessage("Reliability", "CA1001:Types that own disposable fields should be disposable", Justification = "xunit disposes fixtures through IAsyncLifetime.DisposeAsync.")]
public sealed class CliServer : IAsyncLifetime
{
    public const string Region = "us-east-1";
    public const string Profile = "keyhold";

    private readonly Dictionary<string, string?> _savedEnvironment = [];
    private string? _dataDirectory;
    private KeyholdServer? _server;
    private AmazonKeyManagementServiceClient? _kms;

    public KeyholdServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    /// <summary>An AWS SDK client with the administrator credentials, no retries.</summary>
    public AmazonKeyManagementServiceClient Kms => _kms ?? throw new InvalidOperationException("The server has not started.");

    public Uri Endpoint => Server.Endpoint;

    public string AccountId => Server.AccountId;

    public async Task InitializeAsync()
    {
        _dataDirectory = Directory.CreateTempSubdirectory("keyhold-cli-test-").FullName;
        var options = new KeyholdOptions { DataDirectory = _dataDirectory, Listen = "127.0.0.1:0", Region = Region };
        _server = await KeyholdServer.StartAsync(options, logging: logging => logging.ClearProviders()).WithTimeout(TimeSpan.FromSeconds(60));

        // The process-wide credentials file (TestEnvironment) gets the administrator's profile.
        var credentialsFile = TestEnvironment.CredentialsFile;
        File.Copy(Path.Combine(_dataDirectory, "admin-credentials"), credentialsFile, overwrite: true);
        foreach (var name in new[] { "AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_KMS", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN" })
        {
            SetEnvironment(name, null);
        }

        if (!new CredentialProfileStoreChain(credentialsFile).TryGetAWSCredentials(Profile, out var credentials))
        {
            throw new InvalidOperationException($"The server wrote no profile {Profile} in {credentialsFile}.");
        }

        _kms = new AmazonKeyManagementServiceClient(credentials, new AmazonKeyManagementServiceConfig
        {
            ServiceURL = Endpoint.ToString(),
            AuthenticationRegion = Region,
            MaxErrorRetry = 0,
            Timeout = TimeSpan.FromSeconds(30),
        });
    }

    public async Task DisposeAsync()
    {
        _kms?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync().AsTask().WithTimeout();
        }

        foreach (var (name, value) in _savedEnvironment)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        try
        {
            if (_dataDirectory is not null)
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a temp directory left behind is harmless.
        }
    }

    /// <summary>Runs <c>keyhold ARGS --endpoint-url … --profile keyhold --region us-east-1</c> in-process.</summary>
    public Task<CliResult> RunAsync(params string[] args) =>
        RunWithoutConnectionAsync([.. args, "--endpoint-url", Endpoint.ToString(), "--profile", Profile, "--region", Region]);

    /// <summary>Runs <c>keyhold ARGS</c> in-process exactly as given, with output captured.</summary>
    public static async Task<CliResult> RunWithoutConnectionAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        var exitCode = await Program.CreateRootCommand().Parse(args).InvokeAsync(configuration, CancellationToken.None).WithTimeout(TimeSpan.FromSeconds(60));
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>A new symmetric key, with the given description, policy and tags.</summary>
    public async Task<KeyMetadata> CreateKeyAsync(string description = "", string? policy = null, List<Tag>? tags = null)
    {
        var response = await Kms.CreateKeyAsync(new CreateKeyRequest { Description = description, Policy = policy, Tags = tags }).WithTimeout();
        return response.KeyMetadata;
    }

    /// <summary>A fresh alias name ending in <c>-current</c>, so tests sharing the server never collide.</summary>
    public static string NewAliasName(string stem = "application") => $"alias/{stem}-{Guid.NewGuid().ToString("N")[..8]}-current";

    public async Task<string> TargetOfAsync(string aliasName) =>
        (await Kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = aliasName }).WithTimeout()).KeyMetadata.KeyId;

    public async Task<int> CountKeysAsync()
    {
        var count = 0;
        string? marker = null;
        do
        {
            var page = await Kms.ListKeysAsync(new ListKeysRequest { Limit = 1000, Marker = marker }).WithTimeout();
            count += page.Keys?.Count ?? 0;
            marker = page.Truncated == true ? page.NextMarker : null;
        }
        while (marker is not null);
        return count;
    }

    private void SetEnvironment(string name, string? value)
    {
        _savedEnvironment.TryAdd(name, Environment.GetEnvironmentVariable(name));
        Environment.SetEnvironmentVariable(name, value);
    }
}

using System.CommandLine;
using Keyhold.Server.Hosting;

namespace Keyhold.Cli.Tests;

/// <summary>
/// How <c>keyhold serve</c> resolves its settings: command line over environment over settings file over default
/// (the server itself is not started: the command's run step is replaced).
/// </summary>
public sealed class ServeCommandTests : IDisposable
{
    private readonly DirectoryInfo _files = Directory.CreateTempSubdirectory("keyhold-serve-settings-");

    [Fact]
    public async Task Serve_NothingGiven_UsesDefaults()
    {
        var (exitCode, options, _) = await ResolveAsync([]);

        Assert.Equal(0, exitCode);
        Assert.Equal(new KeyholdOptions().Listen, options!.Listen);
        Assert.Equal(new KeyholdOptions().DataDirectory, options.DataDirectory);
        Assert.Equal(KeyholdOptions.DefaultRegion, options.Region);
        Assert.False(options.Dev);
    }

    [Fact]
    public async Task Serve_AbuseLimits_ResolveFromCommandLineAndEnvironment()
    {
        var environment = new Dictionary<string, string> { ["KEYHOLD_MAX_CONNECTIONS"] = "500", ["KEYHOLD_KEEP_ALIVE_TIMEOUT"] = "10" };

        var (exitCode, options, error) = await ResolveAsync(["--request-headers-timeout", "2.5", "--min-request-body-rate", "100"], environment);

        Assert.True(exitCode == 0, error);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options!.RequestHeadersTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), options.KeepAliveTimeout);
        Assert.Equal(100, options.MinRequestBodyBytesPerSecond);
        Assert.Equal(500, options.MaxConcurrentConnections);
    }

    [Fact]
    public async Task Serve_ZeroLimit_IsRefused()
    {
        var (exitCode, _, error) = await ResolveAsync(["--max-connections", "0"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("max-connections must be a positive number", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_SameSettingEverywhere_CommandLineThenEnvironmentThenFileThenDefault()
    {
        var config = WriteFile("keyhold.conf", "# settings\nlisten = 127.0.0.1:1111\nregion = eu-west-1\naccount-id = 123456789012\ndev = true\ndata = relative-data\n");
        var environment = new Dictionary<string, string> { ["KEYHOLD_CONFIG"] = config, ["KEYHOLD_LISTEN"] = "127.0.0.1:2222", ["KEYHOLD_REGION"] = "eu-central-1" };

        var (exitCode, options, error) = await ResolveAsync(["--listen", "127.0.0.1:3333"], environment);

        Assert.True(exitCode == 0, error);
        Assert.Equal("127.0.0.1:3333", options!.Listen);
        Assert.Equal("eu-central-1", options.Region);
        Assert.Equal("123456789012", options.AccountId);
        Assert.True(options.Dev);
        Assert.Equal(Path.Combine(_files.FullName, "relative-data"), options.DataDirectory);
        Assert.Equal(StorageKinds.Sqlite, options.Storage);
    }

    [Fact]
    public async Task Serve_JsonConfigOption_OverridesKeyholdConfigVariable()
    {
        var json = WriteFile("keyhold.json", """{ "listen": "127.0.0.1:4444", "audit-fail-open": true, "storage": "postgres", "connection-string": "Host=db" }""");
        var ignored = WriteFile("ignored.conf", "listen = 127.0.0.1:5555\n");

        var (exitCode, options, error) = await ResolveAsync(["--config", json], new Dictionary<string, string> { ["KEYHOLD_CONFIG"] = ignored });

        Assert.True(exitCode == 0, error);
        Assert.Equal("127.0.0.1:4444", options!.Listen);
        Assert.True(options.AuditFailOpen);
        Assert.Equal(StorageKinds.Postgres, options.Storage);
        Assert.Equal("Host=db", options.ConnectionString);
    }

    [Fact]
    public async Task Serve_EnvironmentFlagFalse_OverridesFileTrue()
    {
        var config = WriteFile("dev.conf", "dev = true\n");

        var (_, options, _) = await ResolveAsync(["--config", config], new Dictionary<string, string> { ["KEYHOLD_DEV"] = "0" });

        Assert.False(options!.Dev);
    }

    [Theory]
    [InlineData("colour = blue\n", "unknown setting 'colour'")]
    [InlineData("listen\n", "expected 'key = value'")]
    [InlineData("{ \"listen\": [1] }", "must be a string, number or boolean")]
    [InlineData("dev = maybe\n", "must be true or false")]
    [InlineData("storage = mysql\n", "storage must be sqlite or postgres")]
    public async Task Serve_BadSettingsFile_ExitsTwoWithReason(string content, string reason)
    {
        var config = WriteFile("bad.conf", content);

        var (exitCode, options, error) = await ResolveAsync(["--config", config]);

        Assert.Equal(2, exitCode);
        Assert.Null(options);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void EnvironmentName_EveryServeSetting_IsTheDocumentedVariable()
    {
        Assert.Equal(
            ["KEYHOLD_DATA", "KEYHOLD_LISTEN", "KEYHOLD_DEV", "KEYHOLD_ACCOUNT_ID", "KEYHOLD_REGION", "KEYHOLD_STORAGE", "KEYHOLD_CONNECTION_STRING",
             "KEYHOLD_TLS_CERT", "KEYHOLD_TLS_KEY", "KEYHOLD_AUDIT_FILE", "KEYHOLD_AUDIT_FAIL_OPEN",
             "KEYHOLD_REQUEST_HEADERS_TIMEOUT", "KEYHOLD_KEEP_ALIVE_TIMEOUT", "KEYHOLD_MIN_REQUEST_BODY_RATE", "KEYHOLD_MAX_CONNECTIONS"],
            ServeSettings.Names.Select(ServeSettings.EnvironmentName));
    }

    public void Dispose() => _files.Delete(recursive: true);

    private static async Task<(int ExitCode, KeyholdOptions? Options, string Error)> ResolveAsync(string[] args, Dictionary<string, string>? environment = null)
    {
        KeyholdOptions? resolved = null;
        var serve = ServeCommand.Create(name => environment?.GetValueOrDefault(name), (options, _) =>
        {
            resolved = options;
            return Task.FromResult(0);
        });
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await new RootCommand { serve }.Parse(["serve", .. args])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false })
            .WaitAsync(TimeSpan.FromSeconds(30));
        return (exitCode, resolved, error.ToString());
    }

    private string WriteFile(string name, string content)
    {
        var path = Path.Combine(_files.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }
}

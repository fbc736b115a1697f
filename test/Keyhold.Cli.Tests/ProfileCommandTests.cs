using System.CommandLine;

namespace Keyhold.Cli.Tests;

/// <summary><c>keyhold profile</c>: the <c>~/.aws/config</c> block it prints, from flags or the AWS environment variables.</summary>
public sealed class ProfileCommandTests
{
    [Fact]
    public async Task Profile_NoArguments_PrintsKeyholdProfileWithDefaultEndpointAndRegion()
    {
        var (exitCode, output, _) = await RunAsync([]);

        Assert.Equal(0, exitCode);
        Assert.Equal(["[profile keyhold]", "region = us-east-1", "endpoint_url = http://127.0.0.1:4599"], Settings(output));
    }

    [Fact]
    public async Task Profile_FlagsGiven_OverrideEnvironment()
    {
        var environment = new Dictionary<string, string> { ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9999", ["AWS_REGION"] = "ap-south-1" };

        var (_, output, _) = await RunAsync(["--profile-name", "kms-local", "--endpoint-url", "https://kms.internal:4599/", "--region", "eu-west-1"], environment);

        Assert.Equal(["[profile kms-local]", "region = eu-west-1", "endpoint_url = https://kms.internal:4599"], Settings(output));
    }

    [Fact]
    public async Task Profile_EnvironmentOnly_UsesKmsEndpointVariableFirst()
    {
        var environment = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9999",
            ["AWS_ENDPOINT_URL_KMS"] = "http://127.0.0.1:8888",
            ["AWS_DEFAULT_REGION"] = "ca-central-1",
        };

        var (_, output, _) = await RunAsync(["--profile-name", "default"], environment);

        Assert.Equal(["[default]", "region = ca-central-1", "endpoint_url = http://127.0.0.1:8888"], Settings(output));
    }

    [Fact]
    public async Task Profile_ServicesOnly_PointsOnlyKmsAndStsAtKeyhold()
    {
        var (_, output, _) = await RunAsync(["--services-only"]);

        Assert.Equal(
            ["[profile keyhold]", "region = us-east-1", "services = keyhold-keyhold", "[services keyhold-keyhold]", "kms =",
             "endpoint_url = http://127.0.0.1:4599", "sts =", "endpoint_url = http://127.0.0.1:4599"],
            Settings(output));
    }

    [Fact]
    public async Task Profile_EndpointNotHttp_ExitsTwo()
    {
        var (exitCode, _, error) = await RunAsync(["--endpoint-url", "127.0.0.1:4599"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("must be an http:// or https:// URL", error, StringComparison.Ordinal);
    }

    private static string[] Settings(string output) =>
        [.. output.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))];

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string[] args, Dictionary<string, string>? environment = null)
    {
        var profile = ProfileCommand.Create(name => environment?.GetValueOrDefault(name));
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await new RootCommand { profile }.Parse(["profile", .. args])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false })
            .WaitAsync(TimeSpan.FromSeconds(30));
        return (exitCode, output.ToString(), error.ToString());
    }
}

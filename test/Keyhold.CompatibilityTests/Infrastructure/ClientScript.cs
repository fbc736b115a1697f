using System.Diagnostics;
using System.Text.Json;

namespace Keyhold.CompatibilityTests.Infrastructure;

/// <summary>
/// Runs one of the scenario scripts under clients/ (node or python) with the server's endpoint and credentials in the
/// standard AWS environment variables, and returns the <c>steps</c> object it printed.
/// </summary>
internal static class ClientScript
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static async Task<ScriptReport> RunAsync(string interpreter, string script, Credentials credentials, Uri endpoint, IReadOnlyDictionary<string, string> extra)
    {
        var startInfo = new ProcessStartInfo(interpreter) { WorkingDirectory = Path.GetDirectoryName(script)!, ArgumentList = { script } };
        ProcessRunner.ClearInheritedSettings(startInfo);
        startInfo.Environment["AWS_ENDPOINT_URL"] = endpoint.ToString().TrimEnd('/');
        startInfo.Environment["AWS_ACCESS_KEY_ID"] = credentials.AccessKeyId;
        startInfo.Environment["AWS_SECRET_ACCESS_KEY"] = credentials.SecretAccessKey;
        startInfo.Environment["AWS_REGION"] = credentials.Region;
        startInfo.Environment["AWS_DEFAULT_REGION"] = credentials.Region;
        // Nothing from the developer's ~/.aws: the environment above is the whole configuration.
        startInfo.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        startInfo.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        startInfo.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        // The JavaScript SDK warns on stderr about future Node.js versions; that is not our concern here.
        startInfo.Environment["NODE_NO_WARNINGS"] = "1";
        foreach (var (name, value) in extra)
        {
            startInfo.Environment[name] = value;
        }

        var result = await ProcessRunner.RunAsync(startInfo, Timeout);
        Assert.True(result.ExitCode == 0, $"{Path.GetFileName(script)} failed: {result.Describe()}");
        try
        {
            using var document = JsonDocument.Parse(result.StandardOutput);
            return new ScriptReport(document.RootElement.GetProperty("steps").Clone(), result.Describe());
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"{Path.GetFileName(script)} did not print one JSON object: {result.Describe()}", ex);
        }
    }
}

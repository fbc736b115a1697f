using System.Diagnostics;

namespace Keyhold.EndToEndTests.Infrastructure;

/// <summary>
/// The real <c>aws</c> command (CLI v1 from the pyenv Python on our machines) pointed at a Keyhold server. It sees
/// only the environment set here: no inherited AWS_* variables, no config file, no instance metadata lookups.
/// </summary>
public sealed class AwsCli
{
    private static readonly Lazy<string> LocatedExecutable = new(Locate);
    private readonly Uri _endpoint;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly bool _endpointFromEnvironment;
    private readonly string? _executable;

    private AwsCli(Uri endpoint, IReadOnlyDictionary<string, string> environment, bool endpointFromEnvironment, string? executable = null)
    {
        _endpoint = endpoint;
        _environment = environment;
        _endpointFromEnvironment = endpointFromEnvironment;
        _executable = executable;
    }

    /// <summary>The <c>aws</c> executable from PATH, else <c>~/.pyenv/shims/aws</c>; missing is a test failure, never a skip.</summary>
    public static string Executable => LocatedExecutable.Value;

    /// <summary>Uses the administrator profile the server wrote (<c>admin-credentials</c>, profile <c>keyhold</c>, with its region).</summary>
    public static AwsCli ForServer(KeyholdProcess server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return new AwsCli(server.Endpoint, new Dictionary<string, string>
        {
            ["AWS_SHARED_CREDENTIALS_FILE"] = server.CredentialsPath,
            ["AWS_PROFILE"] = "keyhold",
        }, endpointFromEnvironment: false);
    }

    /// <summary>Uses profile <paramref name="profile"/> of the shared-credentials file <paramref name="credentialsFile"/> (with its region).</summary>
    public static AwsCli ForProfile(Uri endpoint, string credentialsFile, string profile) =>
        new(endpoint, new Dictionary<string, string>
        {
            ["AWS_SHARED_CREDENTIALS_FILE"] = credentialsFile,
            ["AWS_PROFILE"] = profile,
        }, endpointFromEnvironment: false);

    /// <summary>Uses explicit keys (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY) and region, as in a --dev set-up.</summary>
    public static AwsCli WithKeys(Uri endpoint, string accessKeyId, string secretAccessKey, string region) =>
        new(endpoint, new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = accessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = secretAccessKey,
            ["AWS_DEFAULT_REGION"] = region,
        }, endpointFromEnvironment: false);

    /// <summary>The same CLI, given the server through <c>AWS_ENDPOINT_URL</c> instead of <c>--endpoint-url</c>.</summary>
    public AwsCli WithEndpointFromEnvironment() => new(_endpoint, _environment, endpointFromEnvironment: true, _executable);

    /// <summary>The same settings with another <c>aws</c> executable (the compatibility suite runs CLI v1 and v2).</summary>
    public AwsCli WithExecutable(string executable) => new(_endpoint, _environment, _endpointFromEnvironment, executable);

    /// <summary>Runs <c>aws ARGS…</c> and returns its exit code and output (a non-zero exit is not an exception).</summary>
    public Task<ProcessResult> RunAsync(params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(_executable ?? Executable) { UseShellExecute = false };
        ProcessRunner.ClearInheritedSettings(startInfo);
        foreach (var (name, value) in _environment)
        {
            startInfo.Environment[name] = value;
        }

        // An empty config file: the profile (with its region) comes from the credentials file alone.
        startInfo.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        startInfo.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        // CLI v2 pipes output through a pager unless this is empty.
        startInfo.Environment["AWS_PAGER"] = string.Empty;
        if (_endpointFromEnvironment)
        {
            startInfo.Environment["AWS_ENDPOINT_URL"] = _endpoint.ToString();
        }
        else
        {
            startInfo.ArgumentList.Add("--endpoint-url");
            startInfo.ArgumentList.Add(_endpoint.ToString());
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return ProcessRunner.RunAsync(startInfo, TestTimeouts.AwsCli);
    }

    /// <summary>Runs a command that must succeed and returns its stdout.</summary>
    public async Task<string> RunSuccessfullyAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        Assert.True(result.ExitCode == 0, $"aws {string.Join(' ', arguments)} failed: {result.Describe()}");
        return result.StandardOutput;
    }

    private static string Locate()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, "aws");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var shim = Path.Combine(home, ".pyenv", "shims", "aws");
        return File.Exists(shim)
            ? shim
            : throw new FileNotFoundException(
                "The aws CLI is required by the end-to-end tests and was not found on PATH or at ~/.pyenv/shims/aws. "
                + "Install it (pip install awscli) or put it on PATH; these tests are never skipped.", shim);
    }
}

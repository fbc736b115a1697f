using System.Diagnostics;

namespace Keyhold.CompatibilityTests.Infrastructure;

/// <summary>
/// Finds the client programs the suite needs. A missing one is a test failure with the command that installs it,
/// never a skip (.ci/run installs them all).
/// </summary>
internal static class ClientTools
{
    private static readonly TimeSpan NpmCiTimeout = TimeSpan.FromMinutes(5);
    private static readonly SemaphoreSlim NpmLock = new(1, 1);
    private static bool _npmInstalled;

    /// <summary>aws CLI v1: the one the end-to-end tests use (pyenv's), checked to be v1.</summary>
    public static async Task<string> AwsCliV1Async() =>
        await FindAwsCliAsync("aws-cli/1.", [AwsCli.Executable])
        ?? throw new FileNotFoundException("aws CLI v1 is required (pip install awscli into the pyenv Python, ~/.pyenv/shims/aws); "
            + $"{AwsCli.Executable} is not v1.");

    /// <summary>aws CLI v2: Debian's package <c>awscli</c> (/usr/bin/aws), or any <c>aws</c> on PATH that reports version 2.</summary>
    public static async Task<string> AwsCliV2Async() =>
        await FindAwsCliAsync("aws-cli/2.", ["/usr/bin/aws", "/usr/local/bin/aws", .. OnPath("aws")])
        ?? throw new FileNotFoundException("aws CLI v2 is required: apt-get install awscli (Debian 12's package is v2, /usr/bin/aws).");

    public static string Node => OnPath("node").FirstOrDefault()
        ?? throw new FileNotFoundException("node is required by the JavaScript clients: apt-get install nodejs npm.");

    /// <summary>A Python that can import boto3: the pyenv one first (as for the aws CLI v1), then PATH.</summary>
    public static async Task<string> PythonWithBoto3Async()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        foreach (var candidate in new[] { Path.Combine(home, ".pyenv", "shims", "python3") }.Concat(OnPath("python3")).Where(File.Exists))
        {
            var probe = await ProcessRunner.RunAsync(new ProcessStartInfo(candidate) { ArgumentList = { "-c", "import boto3" } }, TestTimeouts.AwsCli);
            if (probe.ExitCode == 0)
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("boto3 is required by the Python client: python3 -m pip install boto3 (into the pyenv Python).");
    }

    /// <summary>
    /// Runs <c>npm ci</c> in clients/js once per run (the lock file pins every package) unless node_modules already
    /// matches it; a failure says why.
    /// </summary>
    public static async Task EnsureJavaScriptPackagesAsync()
    {
        await NpmLock.WaitAsync(NpmCiTimeout);
        try
        {
            if (_npmInstalled)
            {
                return;
            }

            var directory = RepositoryPaths.JavaScriptClients;
            var npm = OnPath("npm").FirstOrDefault()
                ?? throw new FileNotFoundException("npm is required to install the JavaScript clients (apt-get install nodejs npm).");
            var installed = Path.Combine(directory, "node_modules", ".package-lock.json");
            var upToDate = File.Exists(installed)
                && File.GetLastWriteTimeUtc(installed) >= File.GetLastWriteTimeUtc(Path.Combine(directory, "package-lock.json"));
            if (!upToDate)
            {
                var startInfo = new ProcessStartInfo(npm) { WorkingDirectory = directory, ArgumentList = { "ci", "--no-audit", "--no-fund" } };
                var result = await ProcessRunner.RunAsync(startInfo, NpmCiTimeout);
                Assert.True(result.ExitCode == 0, $"npm ci in {directory} failed (the npm registry must be reachable on a fresh clone): {result.Describe()}");
            }

            _npmInstalled = true;
        }
        finally
        {
            NpmLock.Release();
        }
    }

    private static async Task<string?> FindAwsCliAsync(string versionPrefix, IEnumerable<string> candidates)
    {
        foreach (var candidate in candidates.Distinct().Where(File.Exists))
        {
            var version = await ProcessRunner.RunAsync(new ProcessStartInfo(candidate) { ArgumentList = { "--version" } }, TestTimeouts.AwsCli);
            if (version.ExitCode == 0 && (version.StandardOutput + version.StandardError).TrimStart().StartsWith(versionPrefix, StringComparison.Ordinal))
            {
                return candidate;
            }
        }

        return null;
    }

    private static IEnumerable<string> OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .Where(File.Exists);
}

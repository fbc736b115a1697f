using System.Diagnostics;

namespace Keyhold.Crypto.Tests.TestSupport;

/// <summary>Runs the machine's <c>openssl</c> command line (3.0) with a timeout, for cross-checks against our output.</summary>
internal static class OpenSsl
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs openssl in <paramref name="directory"/>; returns its exit code and standard error.</summary>
    public static (int ExitCode, string Error) Run(TempDirectory directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl")
        {
            WorkingDirectory = directory.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"openssl {string.Join(' ', arguments)} did not finish in {Timeout}");
        }

        Task.WaitAll([output, error], Timeout);
        return (process.ExitCode, output.Result + error.Result);
    }

    /// <summary>Runs openssl and fails the test with its output unless it exits 0.</summary>
    public static void Succeed(TempDirectory directory, params string[] arguments)
    {
        var (exitCode, error) = Run(directory, arguments);
        Assert.True(exitCode == 0, $"openssl {string.Join(' ', arguments)} exited {exitCode}: {error}");
    }
}

using System.Diagnostics;
using Keyhold.Cli.Tests.Infrastructure;

namespace Keyhold.Cli.Tests.Client;

/// <summary>
/// Without credentials anywhere, every client command stops with one line before touching the network. Run as a
/// separate <c>keyhold</c> process so its environment and home directory can be empty.
/// </summary>
public sealed class ServerConnectionTests : IDisposable
{
    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("keyhold-no-credentials-");

    [Theory]
    [InlineData("rotate-alias", "alias/application-current")]
    [InlineData("aliases", "history", "alias/application-current")]
    [InlineData("keys", "usage", "alias/application-current")]
    [InlineData("reencrypt", "--to", "alias/application-current", "--input", "/dev/null")]
    public async Task Command_NoCredentials_PrintsOneLineAndExits1(params string[] args)
    {
        var (exitCode, output, error) = await RunKeyholdAsync([.. args, "--endpoint-url", "http://127.0.0.1:9"]);

        Assert.True(exitCode == 1, $"exit {exitCode}\n{output}\n{error}");
        Assert.Empty(output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("keyhold: No credentials found: ", line, StringComparison.Ordinal);
    }

    public void Dispose() => _home.Delete(recursive: true);

    private async Task<(int ExitCode, string Output, string Error)> RunKeyholdAsync(string[] args)
    {
        var keyhold = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(keyhold);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["HOME"] = _home.FullName;
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(_home.FullName, "no-credentials");
        start.Environment["AWS_CONFIG_FILE"] = Path.Combine(_home.FullName, "no-config");

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WithTimeout();
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output.WithTimeout(), await error.WithTimeout());
    }
}

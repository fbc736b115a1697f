using System.Diagnostics;

namespace Keyhold.EndToEndTests.Infrastructure;

/// <summary>Runs a short-lived command to completion with a deadline; a command that overruns is killed and reported.</summary>
public static class ProcessRunner
{
    public static async Task<ProcessResult> RunAsync(ProcessStartInfo startInfo, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(startInfo);
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.RedirectStandardInput = true;
        startInfo.UseShellExecute = false;

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {startInfo.FileName}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            throw new TimeoutException(
                $"{startInfo.FileName} {string.Join(' ', startInfo.ArgumentList)} did not finish within {timeout.TotalSeconds:0} s and was killed.\n"
                + $"--- stdout ---\n{await stdout.WaitAsync(TimeSpan.FromSeconds(10))}\n--- stderr ---\n{await stderr.WaitAsync(TimeSpan.FromSeconds(10))}");
        }

        return new ProcessResult(process.ExitCode, await stdout.WaitAsync(TimeSpan.FromSeconds(10)), await stderr.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    /// <summary>Removes variables that would change how a child behaves (AWS_*, KEYHOLD_*), so each test states its own.</summary>
    public static void ClearInheritedSettings(ProcessStartInfo startInfo)
    {
        ArgumentNullException.ThrowIfNull(startInfo);
        foreach (var name in startInfo.Environment.Keys.ToList())
        {
            if (name.StartsWith("AWS_", StringComparison.Ordinal) || name.StartsWith("KEYHOLD_", StringComparison.Ordinal))
            {
                startInfo.Environment.Remove(name);
            }
        }
    }
}

namespace Keyhold.EndToEndTests.Infrastructure;

/// <summary>What a finished child process left behind: its exit code and everything it printed.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>For assertion messages: exit code, stdout and stderr in one block.</summary>
    public string Describe() => $"exit code {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}

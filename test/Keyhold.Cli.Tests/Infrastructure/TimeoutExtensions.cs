namespace Keyhold.Cli.Tests.Infrastructure;

/// <summary>Every awaited call in a test goes through these, so a hang fails the test instead of the run.</summary>
internal static class TimeoutExtensions
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static Task WithTimeout(this Task task) => task.WaitAsync(Timeout);

    public static Task<T> WithTimeout<T>(this Task<T> task) => task.WaitAsync(Timeout);

    public static Task WithTimeout(this Task task, TimeSpan timeout) => task.WaitAsync(timeout);

    public static Task<T> WithTimeout<T>(this Task<T> task, TimeSpan timeout) => task.WaitAsync(timeout);
}

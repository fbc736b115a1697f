namespace Keyhold.Server.Tests.Infrastructure;

/// <summary>Every awaited call in these tests goes through these, so a hang fails the test instead of the run (STYLE.md 12).</summary>
internal static class TimeoutExtensions
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static Task WithTimeout(this Task task) => task.WaitAsync(Timeout);

    public static Task<T> WithTimeout<T>(this Task<T> task) => task.WaitAsync(Timeout);

    public static Task<T> WithTimeout<T>(this ValueTask<T> task) => task.AsTask().WaitAsync(Timeout);
}

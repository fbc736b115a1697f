namespace Keyhold.Server.Tests.Infrastructure;

/// <summary>Polls for a change that other nodes or caches apply within a bound, failing with the last error at the deadline (never a bare sleep).</summary>
internal static class Eventually
{
    public static async Task<T> SucceedsAsync<T>(Func<Task<T>> call, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            try
            {
                return await call().WithTimeout();
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50).WithTimeout();
            }
        }
    }
}

namespace Keyhold.Server.Tests.Infrastructure;

/// <summary>
/// Identity policies are cached per node for up to one second (docs/designs/consistency.md): after a change, a test
/// retries the call until it behaves as expected or a deadline passes. No bare sleeps.
/// </summary>
internal static class PolicyEventually
{
    public static async Task SucceedsAsync(Func<Task> call)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (true)
        {
            try
            {
                await call().WithTimeout();
                return;
            }
            catch (Amazon.KeyManagementService.AmazonKeyManagementServiceException ex) when (ex.ErrorCode == "AccessDeniedException" && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}

using Xunit.Sdk;

namespace Keyhold.CompatibilityTests.Infrastructure;

/// <summary>
/// The checks of one client's scenario: each operation is checked on its own and recorded for the matrix, so one
/// failing operation neither hides the others nor leaves them out of the document; the test fails at the end
/// with every failure.
/// </summary>
internal sealed class ClientScenario(CompatibilityResults results, string client)
{
    private readonly List<string> _failures = [];

    public async Task CheckAsync(string operation, Func<Task> check)
    {
        try
        {
            await check();
            results.Record(client, operation, Outcome.Passed);
        }
        catch (Exception ex) when (ex is XunitException or InvalidOperationException or Amazon.Runtime.AmazonServiceException
            or KeyNotFoundException or FormatException or System.Text.Json.JsonException or IOException)
        {
            results.Record(client, operation, Outcome.Failed, ex.Message);
            _failures.Add($"{client} / {operation}: {ex}");
        }
    }

    public Task CheckAsync(string operation, Action check) =>
        CheckAsync(operation, () =>
        {
            check();
            return Task.CompletedTask;
        });

    /// <summary>Records that this client cannot express the operation at all (an older CLI without the command).</summary>
    public void NotInClient(string operation, string note) => results.Record(client, operation, Outcome.NotInClient, note);

    public void AssertAllPassed() => Assert.True(_failures.Count == 0, string.Join("\n\n", _failures));
}

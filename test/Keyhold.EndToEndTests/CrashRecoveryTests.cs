using Keyhold.EndToEndTests.Infrastructure;
using Xunit.Abstractions;

namespace Keyhold.EndToEndTests;

/// <summary>
/// A server that dies (SIGKILL) or is stopped (SIGTERM) while clients write keeps everything it acknowledged: SQLite in
/// WAL mode with synchronous=FULL commits before the response is sent.
/// </summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    private const int Cycles = 5;
    private const int Writers = 2;

    [Fact]
    public async Task KillNine_DuringWrites_AcknowledgedStateSurvivesEachRestart()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        output.WriteLine($"seed {seed}");
        using var directory = new TemporaryDirectory();
        var server = await KeyholdProcess.StartAsync(directory.DataDirectory);
        try
        {
            var workload = new WriteWorkload(Writers, seed, server.AccountId);
            var account = server.AccountId;
            for (var cycle = 1; cycle <= Cycles; cycle++)
            {
                int acknowledged;
                using (var client = KmsClients.Create(server))
                {
                    acknowledged = await workload.RunUntilInterruptedAsync(client, random.Next(30, 200), server.KillAsync);
                }

                await server.DisposeAsync();
                server = await KeyholdProcess.StartAsync(directory.DataDirectory);
                Assert.Equal(account, server.AccountId);
                await AssertKeptEverythingAsync(server, workload, $"seed {seed}, cycle {cycle}");
                output.WriteLine($"cycle {cycle}: {acknowledged} writes acknowledged before and during SIGKILL; all present after restart");
            }
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Sigterm_DuringWrites_ExitsCleanlyAndKeepsAcknowledgedState()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        using var directory = new TemporaryDirectory();
        var server = await KeyholdProcess.StartAsync(directory.DataDirectory);
        try
        {
            var workload = new WriteWorkload(Writers, seed, server.AccountId);
            var exitCode = -1;
            using (var client = KmsClients.Create(server))
            {
                await workload.RunUntilInterruptedAsync(client, 60, async () => exitCode = await server.StopAsync());
            }

            Assert.True(exitCode == 0, server.Describe());
            Assert.Contains("keyhold: shutting down", server.StandardOutput, StringComparison.Ordinal);

            await server.DisposeAsync();
            server = await KeyholdProcess.StartAsync(directory.DataDirectory);
            await AssertKeptEverythingAsync(server, workload, $"seed {seed}");
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static async Task AssertKeptEverythingAsync(KeyholdProcess server, WriteWorkload workload, string run)
    {
        using var client = KmsClients.Create(server);
        var problems = await StateVerifier.VerifyAsync(client, workload.Ledgers);
        Assert.True(
            problems.Count == 0,
            $"After restart ({run}) the server lost acknowledged state:\n{string.Join("\n", problems.Take(30))}\n{server.Describe()}");
    }
}

using System.Diagnostics;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.EndToEndTests.Infrastructure;
using Xunit.Abstractions;

namespace Keyhold.EndToEndTests;

/// <summary>
/// The torture run: a mixed load (CreateKey, CreateAlias/UpdateAlias, TagResource, PutKeyPolicy, RotateKeyOnDemand,
/// ScheduleKeyDeletion/CancelKeyDeletion/EnableKey, Encrypt, GenerateDataKey) against a real server that is killed
/// with SIGKILL at a random point (seeded) and restarted, over and over, on SQLite and on PostgreSQL. After every
/// restart each acknowledged write is there, every ciphertext and data key decrypts (or is refused because its key is
/// acknowledged as pending deletion), no alias names a missing key and no key is half-created.
/// </summary>
public sealed class TortureTests(PostgresCluster postgres, ITestOutputHelper output) : IClassFixture<PostgresCluster>
{
    private const int Kills = 20;
    private const int Writers = 2;

    [Fact]
    public async Task KillNine_MixedLoadOnSqlite_EveryAcknowledgedWriteSurvivesEveryKill()
    {
        await TortureAsync([]);
    }

    [Fact]
    public async Task KillNine_MixedLoadOnPostgres_EveryAcknowledgedWriteSurvivesEveryKill()
    {
        var database = postgres.RentDatabase();
        try
        {
            await TortureAsync(["--storage", "postgres", "--connection-string", postgres.ConnectionString(database)]);
        }
        finally
        {
            postgres.ReturnDatabase(database);
        }
    }

    private async Task TortureAsync(string[] storage)
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        output.WriteLine($"seed {seed}");
        var clock = Stopwatch.StartNew();
        using var directory = new TemporaryDirectory();
        var server = await KeyholdProcess.StartAsync(directory.DataDirectory, storage);
        var completeKeys = new HashSet<string>(StringComparer.Ordinal);
        var acknowledged = 0;
        try
        {
            var workload = new WriteWorkload(Writers, seed, server.AccountId, lifecycle: true);
            for (var kill = 1; kill <= Kills; kill++)
            {
                using (var client = KmsClients.Create(server))
                {
                    acknowledged += await workload.RunUntilInterruptedAsync(client, random.Next(10, 80), server.KillAsync);
                }

                await server.DisposeAsync();
                server = await KeyholdProcess.StartAsync(directory.DataDirectory, storage);
                await AssertKeptEverythingAsync(server, workload, completeKeys, $"seed {seed}, kill {kill}");
            }

            // Keys left pending deletion refuse Decrypt; bring them all back so every ciphertext is decrypted once more.
            using (var client = KmsClients.Create(server))
            {
                await EnableAllAsync(client, workload.Ledgers);
            }

            await AssertKeptEverythingAsync(server, workload, completeKeys, $"seed {seed}, final");
            var ledgers = workload.Ledgers;
            output.WriteLine(
                $"{Kills} SIGKILLs survived in {clock.Elapsed.TotalSeconds:0.0} s: {acknowledged} writes acknowledged and verified; " +
                $"{ledgers.Sum(l => l.Keys.Count)} keys, {ledgers.Sum(l => l.Aliases.Count)} aliases, {ledgers.Sum(l => l.Rotations.Values.Sum())} rotations, " +
                $"{ledgers.Sum(l => l.KeyStates.Count)} keys scheduled for deletion, {ledgers.Sum(l => l.Ciphertexts.Count)} ciphertexts and " +
                $"{ledgers.Sum(l => l.DataKeys.Count)} data keys decrypted after the last restart; {completeKeys.Count} keys checked complete");
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static async Task EnableAllAsync(AmazonKeyManagementServiceClient client, IReadOnlyList<AcknowledgedWrites> ledgers)
    {
        foreach (var (keyId, state) in ledgers.SelectMany(ledger => ledger.KeyStates))
        {
            if (state.Acknowledged == "PendingDeletion")
            {
                await client.CancelKeyDeletionAsync(new CancelKeyDeletionRequest { KeyId = keyId }).WaitAsync(TestTimeouts.Request);
            }

            if (state.Acknowledged != "Enabled")
            {
                await client.EnableKeyAsync(new EnableKeyRequest { KeyId = keyId }).WaitAsync(TestTimeouts.Request);
                state.Acknowledged = "Enabled";
            }
        }
    }

    private static async Task AssertKeptEverythingAsync(KeyholdProcess server, WriteWorkload workload, HashSet<string> completeKeys, string run)
    {
        using var client = KmsClients.Create(server);
        var problems = await StateVerifier.VerifyAsync(client, workload.Ledgers, completeKeys).WaitAsync(TestTimeouts.ProcessStart);
        Assert.True(
            problems.Count == 0,
            $"After restart ({run}) the server lost acknowledged state:\n{string.Join("\n", problems.Take(30))}\n{server.Describe()}");
    }
}

using System.Collections.Concurrent;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.EndToEndTests.Infrastructure;
using Xunit.Abstractions;

namespace Keyhold.EndToEndTests;

/// <summary>
/// Two <c>keyhold serve --storage postgres</c> processes over one database. One is killed with SIGKILL while clients
/// write through both: the other keeps serving without a single failure, and every write the dead node acknowledged
/// is there on the survivor (and on the dead node once it is back).
/// </summary>
public sealed class MultiNodeCrashTests(PostgresCluster postgres, ITestOutputHelper output) : IClassFixture<PostgresCluster>
{
    private const int Cycles = 3;

    [Fact]
    public async Task KillNine_OneNodeUnderLoad_OtherNodeKeepsServingAndHasEveryAcknowledgedWrite()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        output.WriteLine($"seed {seed}");
        var database = postgres.RentDatabase();
        string[] storage = ["--storage", "postgres", "--connection-string", postgres.ConnectionString(database)];
        using var directoryA = new TemporaryDirectory();
        using var directoryB = new TemporaryDirectory();
        var nodeA = await KeyholdProcess.StartAsync(directoryA.DataDirectory, storage);
        KeyholdProcess? nodeB = null;
        try
        {
            // The second node gets the first one's root key and administrator credentials (docs/operations/scale-out.md).
            Directory.CreateDirectory(directoryB.DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.Copy(Path.Combine(directoryA.DataDirectory, "root.key"), Path.Combine(directoryB.DataDirectory, "root.key"));
            File.Copy(nodeA.CredentialsPath, Path.Combine(directoryB.DataDirectory, "admin-credentials"));
            nodeB = await KeyholdProcess.StartAsync(directoryB.DataDirectory, storage);
            Assert.Equal(nodeA.AccountId, nodeB.AccountId);

            var workload = new WriteWorkload(writers: 2, seed, nodeA.AccountId);
            using var clientB = KmsClients.Create(nodeB);
            var survivorKey = (await clientB.CreateKeyAsync(new CreateKeyRequest { Description = "survivor" }).WaitAsync(TestTimeouts.Request)).KeyMetadata.KeyId;
            for (var cycle = 1; cycle <= Cycles; cycle++)
            {
                var survivor = new SurvivorLoad(clientB, survivorKey);
                var survivorRun = survivor.RunAsync();
                int acknowledged;
                using (var clientA = KmsClients.Create(nodeA))
                {
                    acknowledged = await workload.RunUntilInterruptedAsync(clientA, random.Next(40, 150), nodeA.KillAsync);
                }

                // The survivor keeps going for a while with its peer dead, then stops.
                var afterKill = survivor.Completed;
                await survivor.WaitForAsync(afterKill + 50);
                survivor.Stop();
                await survivorRun;
                Assert.True(survivor.Failures.IsEmpty, $"node B failed while node A died:\n{string.Join("\n", survivor.Failures.Take(10))}\n{nodeB.Describe()}");

                var problems = await StateVerifier.VerifyAsync(clientB, workload.Ledgers);
                Assert.True(problems.Count == 0, $"cycle {cycle}: node B lacks writes node A acknowledged:\n{string.Join("\n", problems.Take(30))}");
                await survivor.VerifyAsync();

                await nodeA.DisposeAsync();
                nodeA = await KeyholdProcess.StartAsync(directoryA.DataDirectory, storage);
                using (var clientA = KmsClients.Create(nodeA))
                {
                    problems = await StateVerifier.VerifyAsync(clientA, workload.Ledgers);
                    Assert.True(problems.Count == 0, $"cycle {cycle}: restarted node A lacks its own acknowledged writes:\n{string.Join("\n", problems.Take(30))}");
                }

                output.WriteLine($"cycle {cycle}: A acknowledged {acknowledged} writes before SIGKILL; B served {survivor.Completed} requests ({survivor.Completed - afterKill} after A died) without a failure");
            }
        }
        finally
        {
            await nodeA.DisposeAsync();
            if (nodeB is not null)
            {
                await nodeB.DisposeAsync();
            }

            postgres.ReturnDatabase(database);
        }
    }

    /// <summary>Encrypt calls on the surviving node, each checked by a later decrypt; any failure is recorded.</summary>
    private sealed class SurvivorLoad(IAmazonKeyManagementService client, string keyId)
    {
        private readonly ConcurrentBag<(byte[] Plaintext, byte[] Ciphertext)> _sealed = [];
        private volatile bool _stopped;
        private int _completed;

        public ConcurrentQueue<string> Failures { get; } = new();

        public int Completed => Volatile.Read(ref _completed);

        public async Task RunAsync()
        {
            var number = 0;
            while (!_stopped)
            {
                var plaintext = BitConverter.GetBytes(Interlocked.Increment(ref number));
                try
                {
                    var response = await client.EncryptAsync(new EncryptRequest { KeyId = keyId, Plaintext = new MemoryStream(plaintext) }).WaitAsync(TestTimeouts.Request);
                    _sealed.Add((plaintext, response.CiphertextBlob.ToArray()));
                    Interlocked.Increment(ref _completed);
                }
                catch (Exception ex) when (ex is AmazonKeyManagementServiceException or HttpRequestException or TimeoutException or TaskCanceledException)
                {
                    Failures.Enqueue(ex.ToString());
                    return;
                }
            }
        }

        public void Stop() => _stopped = true;

        public async Task WaitForAsync(int count)
        {
            var deadline = DateTime.UtcNow + TestTimeouts.ProcessStart;
            while (Completed < count && Failures.IsEmpty && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }
        }

        public async Task VerifyAsync()
        {
            foreach (var (plaintext, ciphertext) in _sealed)
            {
                var decrypted = await client.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(ciphertext) }).WaitAsync(TestTimeouts.Request);
                Assert.Equal(plaintext, decrypted.Plaintext.ToArray());
            }
        }
    }
}

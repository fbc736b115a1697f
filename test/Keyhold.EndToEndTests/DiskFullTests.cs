using System.Diagnostics;
using System.Net;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.EndToEndTests.Infrastructure;
using Xunit.Abstractions;

namespace Keyhold.EndToEndTests;

/// <summary>
/// The SQLite data directory on a 4 MB tmpfs that the test fills up. Writes are refused with a clean 500
/// KMSInternalException (never a dropped connection or a stack trace), nothing acknowledged is lost, and once the space
/// is freed the same process serves writes again. The audit trail lives in the same database, so by default
/// (fail closed, docs/designs/audit.md) every request is refused while it cannot be written; with
/// <c>--audit-fail-open</c> reads and Decrypt keep working meanwhile.
/// </summary>
public sealed class DiskFullTests(ITestOutputHelper output)
{
    private const string StoreUnavailable = "temporarily unavailable";
    private const string AuditUnavailable = "audit trail cannot be written";
    private const int MaxWritesToFill = 2000;
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DiskFull_SqliteDataDirectory_WritesRefusedCleanlyThenRecoverWithoutRestart(bool auditFailOpen)
    {
        using var directory = new TemporaryDirectory();
        await using var filesystem = await SmallFilesystem.MountAsync(directory.DataDirectory, megabytes: 4);
        var server = await KeyholdProcess.StartAsync(directory.DataDirectory, auditFailOpen ? ["--audit-fail-open"] : []);
        try
        {
            using var client = KmsClients.Create(server);
            var ledger = new AcknowledgedWrites("diskfull");
            for (var i = 0; i < 5; i++)
            {
                await CreateKeyAsync(client, ledger);
            }

            foreach (var keyId in ledger.Keys.Keys)
            {
                var plaintext = Guid.NewGuid().ToByteArray();
                var response = await client.EncryptAsync(new EncryptRequest { KeyId = keyId, Plaintext = new MemoryStream(plaintext) }).WaitAsync(TestTimeouts.Request);
                ledger.Ciphertexts.Add(new SealedData(keyId, response.CiphertextBlob.ToArray(), plaintext, null));
            }

            var filled = await filesystem.FillAsync();

            // The WAL may still have room for a few commits: write until the store runs out of space.
            AmazonKeyManagementServiceException? refused = null;
            var acknowledgedWhileFull = 0;
            for (var i = 0; i < MaxWritesToFill && refused is null; i++)
            {
                refused = await TryCreateKeyAsync(client, ledger, server);
                acknowledgedWhileFull += refused is null ? 1 : 0;
            }

            Assert.True(refused is not null, $"{MaxWritesToFill} CreateKey calls succeeded on a full disk.\n{server.Describe()}");
            AssertCleanInternalError(refused, server, auditFailOpen ? [StoreUnavailable] : [StoreUnavailable, AuditUnavailable]);
            output.WriteLine($"audit fail-open {auditFailOpen}: filler {filled / 1024} KiB; {acknowledgedWhileFull} CreateKey acknowledged before the first refusal: {refused.Message}");

            // Still full: every further write is refused the same way.
            for (var i = 0; i < 3; i++)
            {
                var again = await TryCreateKeyAsync(client, ledger, server);
                Assert.True(again is not null, $"A write succeeded on a full disk.\n{server.Describe()}");
                AssertCleanInternalError(again, server, auditFailOpen ? [StoreUnavailable] : [StoreUnavailable, AuditUnavailable]);
            }

            if (auditFailOpen)
            {
                // Reads and Decrypt do not need space: DescribeKey, ListKeys, ListAliases, tags, policies and every ciphertext.
                var problems = await StateVerifier.VerifyAsync(client, [ledger]).WaitAsync(TestTimeouts.Request);
                Assert.True(problems.Count == 0, $"Reads failed on a full disk:\n{string.Join("\n", problems)}\n{server.Describe()}");
            }
            else
            {
                // Fail closed: the refused requests' audit events cannot be stored, so reads are refused too.
                var read = await Assert.ThrowsAnyAsync<AmazonKeyManagementServiceException>(
                    () => client.DescribeKeyAsync(new DescribeKeyRequest { KeyId = ledger.Keys.Keys.First() }).WaitAsync(TestTimeouts.Request));
                AssertCleanInternalError(read, server, [AuditUnavailable]);
            }

            filesystem.Free();
            var recoveredAfter = await WaitForWritesAsync(client, ledger, server);
            output.WriteLine($"writes succeeded again {recoveredAfter.TotalSeconds:0.0} s after the filler was deleted, without a restart");

            var afterRecovery = await StateVerifier.VerifyAsync(client, [ledger]).WaitAsync(TestTimeouts.ProcessStart);
            Assert.True(afterRecovery.Count == 0, $"Acknowledged state was lost across the full disk:\n{string.Join("\n", afterRecovery)}\n{server.Describe()}");
            Assert.DoesNotContain("Unhandled exception", server.StandardError, StringComparison.Ordinal);
            output.WriteLine($"{ledger.Keys.Count} keys and {ledger.Ciphertexts.Count} ciphertexts verified after recovery");

            // The audit chain survived the full disk, and the refusals were recorded once it could be written again.
            var verify = await KeyholdCli.RunAsAdministratorAsync(server, directory, "audit", "verify");
            Assert.StartsWith("Audit trail intact:", verify, StringComparison.Ordinal);
            var refusals = await KeyholdCli.RunAsAdministratorAsync(server, directory, "audit", "--errors-only", "--event-name", "CreateKey", "--output", "json", "--limit", "1000");
            Assert.Contains("KMSInternalException", refusals, StringComparison.Ordinal);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static async Task CreateKeyAsync(IAmazonKeyManagementService client, AcknowledgedWrites ledger)
    {
        var description = $"{ledger.Writer} key {ledger.NextNumber()}";
        var response = await client.CreateKeyAsync(new CreateKeyRequest { Description = description }).WaitAsync(TestTimeouts.Request);
        ledger.Keys[response.KeyMetadata.KeyId] = description;
        ledger.Tags[response.KeyMetadata.KeyId] = [];
    }

    /// <summary>One CreateKey: null when acknowledged (and recorded), else the AWS error. Anything else fails the test.</summary>
    private static async Task<AmazonKeyManagementServiceException?> TryCreateKeyAsync(IAmazonKeyManagementService client, AcknowledgedWrites ledger, KeyholdProcess server)
    {
        try
        {
            await CreateKeyAsync(client, ledger);
            return null;
        }
        catch (AmazonKeyManagementServiceException ex)
        {
            return ex;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TimeoutException or TaskCanceledException)
        {
            Assert.Fail($"CreateKey on a full disk got no AWS error but {ex}\n{server.Describe()}");
            throw;
        }
    }

    private static void AssertCleanInternalError(AmazonKeyManagementServiceException error, KeyholdProcess server, string[] messages)
    {
        Assert.True(
            error.StatusCode == HttpStatusCode.InternalServerError && error.ErrorCode == "KMSInternalException"
                && messages.Any(message => error.Message.Contains(message, StringComparison.Ordinal)) && !error.Message.Contains("\n   at ", StringComparison.Ordinal),
            $"Expected 500 KMSInternalException saying one of [{string.Join(", ", messages)}], got {(int)error.StatusCode} {error.ErrorCode}: {error.Message}\n{server.Describe()}");
    }

    private static async Task<TimeSpan> WaitForWritesAsync(IAmazonKeyManagementService client, AcknowledgedWrites ledger, KeyholdProcess server)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var refused = await TryCreateKeyAsync(client, ledger, server);
            if (refused is null)
            {
                return clock.Elapsed;
            }

            Assert.True(clock.Elapsed < RecoveryTimeout, $"Writes still fail {RecoveryTimeout.TotalSeconds:0} s after space was freed: {refused.Message}\n{server.Describe()}");
            await Task.Delay(100);
        }
    }
}

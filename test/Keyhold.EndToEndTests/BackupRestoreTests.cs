using Keyhold.EndToEndTests.Infrastructure;
using Xunit.Abstractions;

namespace Keyhold.EndToEndTests;

/// <summary>
/// <c>keyhold backup</c> of a real server under write load, <c>keyhold restore</c> into a new directory and a new
/// <c>keyhold serve</c> on it: every write acknowledged before the backup started is there, and every ciphertext and
/// data key made before it decrypts. Writes made while the backup ran may or may not be in it.
/// </summary>
public sealed class BackupRestoreTests(ITestOutputHelper output)
{
    private const int Writers = 3;
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Backup_WhileServerWrites_RestoredServerHasEveryWriteAcknowledgedBeforeIt(bool includeRootKey)
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        using var directory = new TemporaryDirectory();
        var archive = directory.File("keyhold.backup");
        var restored = directory.File("restored");
        IReadOnlyList<AcknowledgedWrites> before = [];
        IReadOnlyList<AcknowledgedWrites> after = [];
        ProcessResult? backup = null;
        var server = await KeyholdProcess.StartAsync(directory.DataDirectory);
        try
        {
            var workload = new WriteWorkload(Writers, seed, server.AccountId);
            using (var client = KmsClients.Create(server))
            {
                await workload.RunUntilInterruptedAsync(client, 150, async () =>
                {
                    // The writers keep going through all of this; the server is stopped only after the backup.
                    before = await workload.CopyLedgersAsync();
                    string[] arguments = ["backup", "--data", directory.DataDirectory, "--output", archive, .. includeRootKey ? ["--include-root-key"] : Array.Empty<string>()];
                    backup = await KeyholdExecutable.RunAsync(arguments);
                    after = await workload.CopyLedgersAsync();
                    await server.KillAsync();
                });
            }

            Assert.True(backup!.ExitCode == 0, $"keyhold backup failed: {backup.Describe()}\n{server.Describe()}");
            Assert.True(Count(after) > Count(before), $"No write was acknowledged while the backup ran ({Count(before)} before, {Count(after)} after).");
            output.WriteLine($"{Count(before)} writes acknowledged before the backup, {Count(after) - Count(before)} while it ran");
        }
        finally
        {
            await server.DisposeAsync();
        }

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(archive));
        Assert.Equal(includeRootKey, backup.StandardError.Contains("CONTAINS THE ROOT KEY", StringComparison.Ordinal));
        string[] restoreArguments = ["restore", "--input", archive, "--data", restored, .. includeRootKey ? Array.Empty<string>() : ["--root-key", Path.Combine(directory.DataDirectory, "root.key")]];
        var restore = await KeyholdExecutable.RunAsync(restoreArguments);
        Assert.True(restore.ExitCode == 0, $"keyhold restore failed: {restore.Describe()}");
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(Path.Combine(restored, "root.key")));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(Path.Combine(restored, "keyhold.db")));

        // admin-credentials is a client's credentials file, not part of a backup; the access key inside it is restored.
        File.Copy(Path.Combine(directory.DataDirectory, "admin-credentials"), Path.Combine(restored, "admin-credentials"));
        var expected = before.Zip(after, (earlier, later) =>
        {
            earlier.AllowChangesUpTo(later);
            return earlier;
        }).ToList();
        await using var restoredServer = await KeyholdProcess.StartAsync(restored);
        using var restoredClient = KmsClients.Create(restoredServer);
        var problems = await StateVerifier.VerifyAsync(restoredClient, expected).WaitAsync(TestTimeouts.ProcessStart);
        Assert.True(
            problems.Count == 0,
            $"The restored server (seed {seed}) lacks acknowledged state:\n{string.Join("\n", problems.Take(30))}\n{restoredServer.Describe()}");
    }

    [Fact]
    public async Task Restore_WrongRootKey_RefusedAndNothingWritten()
    {
        using var directory = new TemporaryDirectory();
        using var other = new TemporaryDirectory();
        await using (var server = await KeyholdProcess.StartAsync(directory.DataDirectory))
        {
            await server.StopAsync();
        }

        await using (var server = await KeyholdProcess.StartAsync(other.DataDirectory))
        {
            await server.StopAsync();
        }

        var archive = directory.File("keyhold.backup");
        var backup = await KeyholdExecutable.RunAsync("backup", "--data", directory.DataDirectory, "--output", archive);
        Assert.True(backup.ExitCode == 0, backup.Describe());

        var restored = directory.File("restored");
        var restore = await KeyholdExecutable.RunAsync("restore", "--input", archive, "--data", restored, "--root-key", Path.Combine(other.DataDirectory, "root.key"));

        Assert.True(restore.ExitCode == 2, restore.Describe());
        Assert.Contains("it is not this installation's root key", restore.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(restored));
    }

    [Fact]
    public async Task Backup_PostgresInstallation_PointsToPgDumpAndRootKey()
    {
        using var directory = new TemporaryDirectory();

        var result = await KeyholdExecutable.RunAsync("backup", "--data", directory.DataDirectory, "--output", directory.File("b"), "--storage", "postgres");

        Assert.True(result.ExitCode == 2, result.Describe());
        Assert.Contains("pg_dump", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("root.key", result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(directory.File("b")));
    }

    private static int Count(IReadOnlyList<AcknowledgedWrites> ledgers) =>
        ledgers.Sum(l => l.Keys.Count + l.Aliases.Count + l.Tags.Values.Sum(t => t.Count) + l.Policies.Count + l.Ciphertexts.Count + l.DataKeys.Count);
}

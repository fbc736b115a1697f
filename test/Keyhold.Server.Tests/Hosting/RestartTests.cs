using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Server.Hosting;
using Keyhold.Server.Tests.Infrastructure;

namespace Keyhold.Server.Tests.Hosting;

public sealed class RestartTests
{
    private const string Policy =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";

    private static readonly byte[] Data = "survives restarts"u8.ToArray();
    private static readonly Dictionary<string, string> Context = new() { ["app"] = "ledger" };

    [Fact]
    public async Task Restart_SameDirectory_KeepsEverythingAndDecrypts()
    {
        using var directory = new TempDirectory();
        Snapshot before;
        var first = await TestServer.StartAsync(directory.Path);
        try
        {
            before = await CreateDataAsync(first);
        }
        finally
        {
            await first.StopAsync();
        }

        await using var second = await TestServer.StartAsync(directory.Path);
        using var client = second.CreateClient();

        Assert.Equal(first.AccountId, second.AccountId);
        Assert.Equal(first.Credentials, second.Credentials);
        var described = await client.DescribeAsync(before.Key.KeyId);
        Assert.Equal(before.Key.Arn, described.Arn);
        Assert.Equal(before.Key.CreationDate, described.CreationDate);
        Assert.Equal(before.Key.CurrentKeyMaterialId, described.CurrentKeyMaterialId);
        Assert.Equal("restart me", described.Description);
        Assert.Equal(KeyState.Enabled, described.KeyState);
        Assert.Equal(before.Key.KeyId, (await client.DescribeAsync("alias/restart")).KeyId);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "ledger" }, await client.ListTagsAsync(before.Key.KeyId));
        Assert.Equal(Policy, await client.GetPolicyAsync(before.Key.KeyId));
        Assert.Equal(Data, await client.DecryptBytesAsync(before.Ciphertext, Context));
        Assert.Equal(before.DataKey, await client.DecryptBytesAsync(before.DataKeyBlob));
        Assert.Equal(32, (await client.DecryptBytesAsync(before.WithoutPlaintextBlob)).Length);
        Assert.Equal(KeyState.Disabled, (await client.DescribeAsync(before.DisabledKeyId)).KeyState);
        var pending = await client.DescribeAsync(before.PendingKey.KeyId);
        Assert.Equal(KeyState.PendingDeletion, pending.KeyState);
        Assert.Equal(before.PendingDeletionDate, pending.DeletionDate);
        Assert.Equal(before.KeyIds, await client.ListAllKeyIdsAsync());

        // New work after the restart uses the same material.
        Assert.Equal(Data, await client.DecryptBytesAsync(await client.EncryptBytesAsync("alias/restart", Data)));
    }

    [Fact]
    public async Task Restart_RootKeyFromAnotherDirectory_ThrowsStartupExceptionAndChangesNothing()
    {
        using var directory = new TempDirectory();
        await CreateAndStopAsync(directory.Path);
        await using (var stranger = await TestServer.StartAsync())
        {
            File.Copy(Path.Combine(stranger.DataDirectory, "root.key"), Path.Combine(directory.Path, "root.key"), overwrite: true);
        }

        var before = HashFiles(directory.Path);

        var error = await Assert.ThrowsAsync<KeyholdStartupException>(() => TestServer.StartAsync(directory.Path));

        Assert.Contains("root key", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, HashFiles(directory.Path));
    }

    [Fact]
    public async Task Restart_RootKeyDeleted_ThrowsStartupExceptionAndChangesNothing()
    {
        using var directory = new TempDirectory();
        await CreateAndStopAsync(directory.Path);
        File.Delete(Path.Combine(directory.Path, "root.key"));
        var before = HashFiles(directory.Path);

        var error = await Assert.ThrowsAsync<KeyholdStartupException>(() => TestServer.StartAsync(directory.Path));

        Assert.Contains("root.key", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, HashFiles(directory.Path));
        Assert.False(File.Exists(Path.Combine(directory.Path, "root.key")));
    }

    private static async Task CreateAndStopAsync(string directory)
    {
        var server = await TestServer.StartAsync(directory);
        try
        {
            using var client = server.CreateClient();
            var key = await client.CreateTestKeyAsync();
            await client.EncryptBytesAsync(key.KeyId, Data);
        }
        finally
        {
            await server.StopAsync();
        }
    }

    private static async Task<Snapshot> CreateDataAsync(TestServer server)
    {
        using var client = server.CreateClient();
        var key = (await client.CreateKeyAsync(new CreateKeyRequest
        {
            Description = "restart me",
            Policy = Policy,
            Tags = [new Tag { TagKey = "team", TagValue = "ledger" }],
        }).WithTimeout()).KeyMetadata;
        await client.CreateAliasForAsync("alias/restart", key.KeyId);
        var ciphertext = await client.EncryptBytesAsync(key.KeyId, Data, Context);
        var dataKey = await client.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.KeyId, KeySpec = DataKeySpec.AES_256 }).WithTimeout();
        var withoutPlaintext = await client.GenerateDataKeyWithoutPlaintextAsync(
            new GenerateDataKeyWithoutPlaintextRequest { KeyId = key.KeyId, KeySpec = DataKeySpec.AES_256 }).WithTimeout();
        var disabled = await client.CreateTestKeyAsync();
        await client.DisableAsync(disabled.KeyId);
        var pending = await client.CreateTestKeyAsync();
        var scheduled = await client.ScheduleKeyDeletionAsync(new ScheduleKeyDeletionRequest { KeyId = pending.KeyId, PendingWindowInDays = 7 }).WithTimeout();
        return new Snapshot(
            key,
            ciphertext,
            dataKey.Plaintext.ToArray(),
            dataKey.CiphertextBlob.ToArray(),
            withoutPlaintext.CiphertextBlob.ToArray(),
            disabled.KeyId,
            pending,
            scheduled.DeletionDate,
            await client.ListAllKeyIdsAsync());
    }

    /// <summary>Name and SHA-256 of every file in the directory, so a refused start can be shown to have written nothing.</summary>
    private static SortedDictionary<string, string> HashFiles(string directory) =>
        new(
            Directory.GetFiles(directory).ToDictionary(
                f => Path.GetFileName(f),
                f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))),
            StringComparer.Ordinal);

    private sealed record Snapshot(
        KeyMetadata Key,
        byte[] Ciphertext,
        byte[] DataKey,
        byte[] DataKeyBlob,
        byte[] WithoutPlaintextBlob,
        string DisabledKeyId,
        KeyMetadata PendingKey,
        DateTime? PendingDeletionDate,
        List<string> KeyIds);
}

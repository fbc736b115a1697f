using Keyhold.Core.Keys;
using Keyhold.Core.Usage;

namespace Keyhold.Storage.Tests.Contract;

public abstract partial class KeyholdStoreContractTests
{
    [Fact]
    public async Task GetKeyUsage_NeverUsedOrUnknownKey_ReturnsNull()
    {
        var key = await CreateKeyAsync();

        Assert.Null(await GetUsageAsync(key.KeyId));
        Assert.Null(await GetUsageAsync(NewKeyId()));
    }

    [Fact]
    public async Task RecordUsage_SeveralCalls_AddsDecryptCountsPerVersionAndKeepsLatestDecrypt()
    {
        var key = await CreateKeyWithVersionsAsync(2);

        await RecordAsync(
            Use(key.KeyId, "Decrypt", T0.AddSeconds(1), "r1", version: 1, count: 3),
            Use(key.KeyId, "Decrypt", T0.AddSeconds(3), "r2", version: 2, count: 5),
            Use(key.KeyId, "Decrypt", T0.AddSeconds(2), "r3", version: 1, count: 1));
        await RecordAsync(
            Use(key.KeyId, "ReEncrypt", T0.AddSeconds(4), "r4", version: 1, count: 2),
            Use(key.KeyId, "Decrypt", T0.AddSeconds(2), "r5", version: 2, count: 10));

        var usage = await GetUsageAsync(key.KeyId);

        Assert.NotNull(usage);
        Assert.Equal(key.KeyId, usage.KeyId);
        Assert.Equal(
            [new MaterialUsage(1, 6, T0.AddSeconds(4)), new MaterialUsage(2, 15, T0.AddSeconds(3))],
            usage.Materials);
    }

    [Fact]
    public async Task RecordUsage_LatestUsedAtWins_WithinAndAcrossCalls()
    {
        var key = await CreateKeyAsync();

        await RecordAsync(
            Use(key.KeyId, "Encrypt", T0.AddSeconds(5), "newest"),
            Use(key.KeyId, "GenerateDataKey", T0.AddSeconds(1), "older"));
        await RecordAsync(Use(key.KeyId, "Sign", T0.AddSeconds(4), "late-flush-of-older-use"));

        var usage = await GetUsageAsync(key.KeyId);
        Assert.Equal(("Encrypt", T0.AddSeconds(5), "newest"), (usage!.LastOperation, usage.LastUsedAt, usage.LastRequestId));

        await RecordAsync(Use(key.KeyId, "Decrypt", T0.AddSeconds(6), "later", version: 1));

        usage = await GetUsageAsync(key.KeyId);
        Assert.Equal(("Decrypt", T0.AddSeconds(6), "later"), (usage!.LastOperation, usage.LastUsedAt, usage.LastRequestId));
    }

    [Fact]
    public async Task RecordUsage_SameUsedAt_LaterInListAndLaterCallWins()
    {
        var key = await CreateKeyAsync();

        await RecordAsync(Use(key.KeyId, "Encrypt", T0, "first"), Use(key.KeyId, "GenerateMac", T0, "second"));
        Assert.Equal("second", (await GetUsageAsync(key.KeyId))!.LastRequestId);

        await RecordAsync(Use(key.KeyId, "Verify", T0, "third"));
        Assert.Equal("third", (await GetUsageAsync(key.KeyId))!.LastRequestId);
    }

    [Fact]
    public async Task RecordUsage_NoDecryptedVersion_RecordsLastUseWithoutMaterials()
    {
        var key = await CreateKeyAsync();

        await RecordAsync(Use(key.KeyId, "Encrypt", T0, "r1", count: 7));

        var usage = await GetUsageAsync(key.KeyId);
        Assert.Equal("Encrypt", usage!.LastOperation);
        Assert.Empty(usage.Materials);
    }

    [Fact]
    public async Task RecordUsage_SubMillisecondUsedAt_ReadsBackInUtcMilliseconds()
    {
        var key = await CreateKeyAsync();
        var local = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.FromHours(2)).AddTicks(1_234_567);

        await RecordAsync(Use(key.KeyId, "Decrypt", local, "r1", version: 1));

        var usage = await GetUsageAsync(key.KeyId);
        var expected = DateTimeOffset.FromUnixTimeMilliseconds(local.ToUnixTimeMilliseconds());
        Assert.Equal(expected, usage!.LastUsedAt);
        Assert.Equal(TimeSpan.Zero, usage.LastUsedAt!.Value.Offset);
        Assert.Equal(expected, Assert.Single(usage.Materials).LastDecryptAt);
    }

    [Fact]
    public async Task RecordUsage_DeltasForMissingKeysOrVersions_AreIgnoredAndLeaveNoRows()
    {
        var key = await CreateKeyAsync();
        var ghostId = NewKeyId();

        await RecordAsync(
            Use(ghostId, "Decrypt", T0.AddSeconds(1), "ghost", version: 1),
            Use(key.KeyId, "Decrypt", T0, "mine", version: 1, count: 2),
            Use(key.KeyId, "Decrypt", T0, "no-such-version", version: 9));

        var usage = await GetUsageAsync(key.KeyId);
        Assert.Equal("no-such-version", usage!.LastRequestId);
        Assert.Equal([new MaterialUsage(1, 2, T0)], usage.Materials);
        Assert.Null(await GetUsageAsync(ghostId));

        // A key created later with the same id starts with no usage: nothing was kept for the id while it did not exist.
        await CreateKeyAsync(NewKey(ghostId));
        Assert.Null(await GetUsageAsync(ghostId));
    }

    [Fact]
    public async Task RecordUsage_EmptyBatch_DoesNothing()
    {
        var key = await CreateKeyAsync();

        await Store.RecordUsageAsync([], CancellationToken.None).WithTimeout();

        Assert.Null(await GetUsageAsync(key.KeyId));
    }

    [Fact]
    public async Task RecordUsage_NonPositiveCount_ThrowsArgumentAndRecordsNothing()
    {
        var key = await CreateKeyAsync();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => RecordAsync(
            Use(key.KeyId, "Decrypt", T0, "fine", version: 1),
            Use(key.KeyId, "Decrypt", T0, "bad", version: 1, count: 0)));

        Assert.Null(await GetUsageAsync(key.KeyId));
    }

    [Fact]
    public async Task DeleteKey_UsedKey_RemovesItsUsageOnly()
    {
        var key = await CreateKeyAsync();
        var other = await CreateKeyAsync();
        await RecordAsync(Use(key.KeyId, "Decrypt", T0, "r1", version: 1), Use(other.KeyId, "Decrypt", T0, "r2", version: 1));

        Assert.True(await Store.DeleteKeyAsync(key, CancellationToken.None).WithTimeout());

        Assert.Null(await GetUsageAsync(key.KeyId));
        await CreateKeyAsync(NewKey(key.KeyId));
        Assert.Null(await GetUsageAsync(key.KeyId));
        Assert.Single((await GetUsageAsync(other.KeyId))!.Materials);
    }

    [Fact]
    public async Task RecordUsage_ConcurrentFlushesFromTwoNodes_AddUpEveryCount()
    {
        var otherNode = OpenStore();
        await otherNode.MigrateAsync(CancellationToken.None).WithTimeout();
        var keys = new[] { await CreateKeyAsync(), await CreateKeyAsync() };

        // Each flush touches both keys, in opposite orders on the two nodes.
        await Task.WhenAll(Enumerable.Range(0, Racers).Select(i => Task.Run(() =>
        {
            var node = i % 2 == 0 ? Store : otherNode;
            var batch = keys.Select(k => Use(k.KeyId, "Decrypt", T0.AddSeconds(i), $"r{i}", version: 1, count: i + 1));
            return node.RecordUsageAsync([.. i % 2 == 0 ? batch : batch.Reverse()], CancellationToken.None);
        }))).WithTimeout();

        foreach (var key in keys)
        {
            var usage = await GetUsageAsync(key.KeyId);
            Assert.Equal($"r{Racers - 1}", usage!.LastRequestId);
            Assert.Equal(Racers * (Racers + 1) / 2, Assert.Single(usage.Materials).DecryptCount);
        }
    }

    private async Task<KeyRecord> CreateKeyWithVersionsAsync(int versions)
    {
        var key = await CreateKeyAsync();
        for (var version = 2; version <= versions; version++)
        {
            key = await Store.AddKeyMaterialAsync(key with { CurrentMaterialVersion = version }, NewMaterial(key.KeyId, version), CancellationToken.None).WithTimeout();
        }

        return key;
    }

    private Task RecordAsync(params KeyUsageDelta[] deltas) => Store.RecordUsageAsync(deltas, CancellationToken.None).WithTimeout();

    private Task<KeyUsageRecord?> GetUsageAsync(string keyId) => Store.GetKeyUsageAsync(keyId, CancellationToken.None).WithTimeout();

    private static KeyUsageDelta Use(string keyId, string operation, DateTimeOffset at, string requestId, int? version = null, long count = 1) =>
        new(keyId, operation, at, requestId, version, count);
}

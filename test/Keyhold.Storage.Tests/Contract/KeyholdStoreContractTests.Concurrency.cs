using Keyhold.Core.Storage;

namespace Keyhold.Storage.Tests.Contract;

public abstract partial class KeyholdStoreContractTests
{
    private const int Racers = 24;

    [Fact]
    public async Task CreateAlias_ManyRacersOnTwoNodes_ExactlyOneWins()
    {
        var otherNode = OpenStore();
        await otherNode.MigrateAsync(CancellationToken.None).WithTimeout();
        var targets = new[] { await CreateKeyAsync(), await CreateKeyAsync() };

        var results = await Task.WhenAll(Enumerable.Range(0, Racers).Select(i => Task.Run(() =>
        {
            var node = i % 2 == 0 ? Store : otherNode;
            return WinsAsync(() => node.CreateAliasAsync(NewAlias("alias/contested", targets[i % 2]), Alice, CancellationToken.None));
        }))).WithTimeout();

        Assert.Single(results, won => won);
        var alias = await Store.GetAliasAsync(Account, Region, "alias/contested", CancellationToken.None).WithTimeout();
        Assert.Contains(alias!.TargetKeyId, targets.Select(t => t.KeyId));
        var change = Assert.Single(await Store.GetAliasHistoryAsync(Account, Region, "alias/contested", CancellationToken.None).WithTimeout());
        Assert.Equal(alias.TargetKeyId, change.TargetKeyId);
    }

    [Fact]
    public async Task UpdateKey_ManyRacersFromSameRowVersionOnTwoNodes_ExactlyOneWins()
    {
        var otherNode = OpenStore();
        await otherNode.MigrateAsync(CancellationToken.None).WithTimeout();
        var key = await CreateKeyAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, Racers).Select(i => Task.Run(() =>
        {
            var node = i % 2 == 0 ? Store : otherNode;
            return WinsAsync(() => node.UpdateKeyAsync(key with { Description = $"writer {i}" }, CancellationToken.None));
        }))).WithTimeout();

        Assert.Single(results, won => won);
        var stored = await Store.GetKeyAsync(Account, Region, key.KeyId, CancellationToken.None).WithTimeout();
        Assert.Equal(key.RowVersion + 1, stored!.RowVersion);
        Assert.Equal($"writer {Array.IndexOf(results, true)}", stored.Description);
    }

    [Fact]
    public async Task CreateKey_ManyConcurrentWritersAndReadersOnTwoNodes_AllCommitAndAreVisible()
    {
        var otherNode = OpenStore();
        await otherNode.MigrateAsync(CancellationToken.None).WithTimeout();
        var keys = Enumerable.Range(0, 60).Select(_ => NewKey()).ToList();

        await Task.WhenAll(keys.Select((key, i) => Task.Run(async () =>
        {
            var node = i % 2 == 0 ? Store : otherNode;
            await node.CreateKeyAsync(key, NewMaterial(key.KeyId), [], CancellationToken.None);
            Assert.Equal(key, await node.GetKeyAsync(Account, Region, key.KeyId, CancellationToken.None));
            await node.ListKeysAsync(Account, Region, null, 10, CancellationToken.None);
        }))).WithTimeout();

        var listed = await otherNode.ListKeysAsync(Account, Region, null, 1000, CancellationToken.None).WithTimeout();
        Assert.Equal(keys.Select(k => k.KeyId).Order(StringComparer.Ordinal), listed.Select(k => k.KeyId));
    }

    [Fact]
    public async Task DeleteKey_RacingUpdateFromSameRowVersion_ExactlyOneWins()
    {
        var key = await CreateKeyAsync();

        var delete = Task.Run(() => Store.DeleteKeyAsync(key, CancellationToken.None));
        var update = Task.Run(() => WinsAsync(() => Store.UpdateKeyAsync(key with { Description = "kept" }, CancellationToken.None)));
        var deleted = await delete.WithTimeout();
        var updated = await update.WithTimeout();

        Assert.True(deleted ^ updated);
        var stored = await Store.GetKeyAsync(Account, Region, key.KeyId, CancellationToken.None).WithTimeout();
        Assert.Equal(updated, stored is not null);
    }

    [Fact]
    public async Task AnyOperation_CancelledBeforeStart_ThrowsOperationCanceledAndWritesNothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var key = NewKey();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Store.CreateKeyAsync(key, NewMaterial(key.KeyId), [], cancelled.Token).WithTimeout());

        Assert.Null(await Store.GetKeyAsync(Account, Region, key.KeyId, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task StoreConflictException_FromCasFailure_IsTheContractType()
    {
        var key = await CreateKeyAsync();
        await Store.UpdateKeyAsync(key, CancellationToken.None).WithTimeout();

        var ex = await Assert.ThrowsAsync<StoreConflictException>(() => Store.UpdateKeyAsync(key, CancellationToken.None).WithTimeout());

        Assert.Contains(key.KeyId, ex.Message, StringComparison.Ordinal);
    }
}

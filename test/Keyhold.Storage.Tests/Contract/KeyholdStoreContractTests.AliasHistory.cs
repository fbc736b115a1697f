using Keyhold.Core.Aliases;
using Keyhold.Core.Keys;
using Keyhold.Core.Storage;

namespace Keyhold.Storage.Tests.Contract;

public abstract partial class KeyholdStoreContractTests
{
    [Fact]
    public async Task AliasHistory_CreateUpdateCasUpdatesAndDelete_RecordsEverySuccessfulChangeInOrder()
    {
        var (a, b, c) = (await CreateKeyAsync(), await CreateKeyAsync(), await CreateKeyAsync());
        await CreateAliasAsync("alias/app", a);

        Assert.True(await UpdateAliasAsync("alias/app", b, T0.AddDays(1), Bob, null));
        Assert.True(await UpdateAliasAsync("alias/app", c, T0.AddDays(2), Alice, expected: b.KeyId));
        Assert.False(await UpdateAliasAsync("alias/app", a, T0.AddDays(3), Bob, expected: b.KeyId));
        Assert.True(await Store.DeleteAliasAsync(Account, Region, "alias/app", T0.AddDays(4), Bob, CancellationToken.None).WithTimeout());

        var history = await GetAliasHistoryAsync("alias/app");
        Assert.Equal(
            [
                Change("Create", a.KeyId, null, T0, Alice),
                Change("Update", b.KeyId, a.KeyId, T0.AddDays(1), Bob),
                Change("Update", c.KeyId, b.KeyId, T0.AddDays(2), Alice),
                Change("Delete", null, c.KeyId, T0.AddDays(4), Bob),
            ],
            history.Select(h => h with { Sequence = 0 }));
        AssertIncreasing(history);
    }

    [Fact]
    public async Task UpdateAlias_ExpectedTargetMatches_RepointsAlias()
    {
        var (a, b) = (await CreateKeyAsync(), await CreateKeyAsync());
        await CreateAliasAsync("alias/app", a);

        Assert.True(await UpdateAliasAsync("alias/app", b, T0.AddDays(1), Bob, expected: a.KeyId));

        Assert.Equal(b.KeyId, (await Store.GetAliasAsync(Account, Region, "alias/app", CancellationToken.None).WithTimeout())!.TargetKeyId);
    }

    [Fact]
    public async Task UpdateAlias_ExpectedTargetDiffers_ReturnsFalseAndChangesNothing()
    {
        var (a, b) = (await CreateKeyAsync(), await CreateKeyAsync());
        var alias = await CreateAliasAsync("alias/app", a);

        Assert.False(await UpdateAliasAsync("alias/app", b, T0.AddDays(1), Bob, expected: b.KeyId));

        Assert.Equal(alias, await Store.GetAliasAsync(Account, Region, "alias/app", CancellationToken.None).WithTimeout());
        Assert.Equal(["Create"], (await GetAliasHistoryAsync("alias/app")).Select(h => h.Change));
    }

    [Fact]
    public async Task UpdateAlias_MissingAliasWithExpectedTarget_ReturnsFalseAndRecordsNothing()
    {
        var key = await CreateKeyAsync();

        Assert.False(await UpdateAliasAsync("alias/none", key, T0, Bob, expected: key.KeyId));

        Assert.Empty(await GetAliasHistoryAsync("alias/none"));
    }

    [Fact]
    public async Task AliasHistory_DeletedAndRecreated_KeepsTheWholeHistory()
    {
        var (a, b) = (await CreateKeyAsync(), await CreateKeyAsync());
        await CreateAliasAsync("alias/app", a);
        await Store.DeleteAliasAsync(Account, Region, "alias/app", T0.AddDays(1), Bob, CancellationToken.None).WithTimeout();

        await Store.CreateAliasAsync(NewAlias("alias/app", b) with { CreationDate = T0.AddDays(2) }, Bob, CancellationToken.None).WithTimeout();

        var history = await GetAliasHistoryAsync("alias/app");
        Assert.Equal(
            [
                Change("Create", a.KeyId, null, T0, Alice),
                Change("Delete", null, a.KeyId, T0.AddDays(1), Bob),
                Change("Create", b.KeyId, null, T0.AddDays(2), Bob),
            ],
            history.Select(h => h with { Sequence = 0 }));
        AssertIncreasing(history);
    }

    [Fact]
    public async Task AliasHistory_FailedChanges_RecordNothing()
    {
        var (a, b) = (await CreateKeyAsync(), await CreateKeyAsync());
        await CreateAliasAsync("alias/app", a);

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.CreateAliasAsync(NewAlias("alias/app", b), Bob, CancellationToken.None).WithTimeout());
        await Assert.ThrowsAsync<StoreConflictException>(() => UpdateAliasAsync("alias/app", NewKey(), T0.AddDays(1), Bob, null));
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.CreateAliasAsync(NewAlias("alias/orphan", NewKey()), Bob, CancellationToken.None).WithTimeout());
        Assert.False(await Store.DeleteAliasAsync(Account, Region, "alias/never", T0, Bob, CancellationToken.None).WithTimeout());

        Assert.Equal([Change("Create", a.KeyId, null, T0, Alice)], (await GetAliasHistoryAsync("alias/app")).Select(h => h with { Sequence = 0 }));
        Assert.Empty(await GetAliasHistoryAsync("alias/orphan"));
        Assert.Empty(await GetAliasHistoryAsync("alias/never"));
    }

    [Fact]
    public async Task AliasHistory_SameNameInOtherAccountAndRegion_IsKeptApart()
    {
        await CreateAliasAsync("alias/app", await CreateKeyAsync());
        await CreateAliasAsync("alias/app", await CreateKeyAsync(NewKey(account: OtherAccount)));
        await CreateAliasAsync("alias/app", await CreateKeyAsync(NewKey(region: OtherRegion)));
        await CreateAliasAsync("alias/other", await CreateKeyAsync());

        var mine = Assert.Single(await GetAliasHistoryAsync("alias/app"));
        var theirs = Assert.Single(await Store.GetAliasHistoryAsync(OtherAccount, Region, "alias/app", CancellationToken.None).WithTimeout());

        Assert.Equal((Account, Region), (mine.AccountId, mine.Region));
        Assert.Equal((OtherAccount, Region), (theirs.AccountId, theirs.Region));
    }

    [Fact]
    public async Task DeleteKey_KeyWithAliases_RecordsDeleteByKeyDeletionAndKeepsHistory()
    {
        var key = await CreateKeyAsync(NewKey() with { State = KeyState.PendingDeletion, DeletionDate = T0.AddDays(7), PendingDeletionWindowInDays = 7 });
        await CreateAliasAsync("alias/one", key);
        await CreateAliasAsync("alias/two", key);
        var before = DateTimeOffset.UtcNow;

        Assert.True(await Store.DeleteKeyAsync(key, CancellationToken.None).WithTimeout());

        var after = DateTimeOffset.UtcNow;
        foreach (var name in new[] { "alias/one", "alias/two" })
        {
            var history = await GetAliasHistoryAsync(name);
            Assert.Equal(["Create", "Delete"], history.Select(h => h.Change));
            var deletion = history[1];
            Assert.Equal("keyhold:key-deletion", deletion.ChangedBy);
            Assert.Null(deletion.TargetKeyId);
            Assert.Equal(key.KeyId, deletion.PreviousTargetKeyId);

            // Stamped with the time the key was really removed, from the store's clock (the system clock in these tests).
            Assert.InRange(deletion.ChangedAt, before.AddSeconds(-1), after.AddSeconds(1));
        }
    }

    [Fact]
    public async Task DeleteKey_StaleRowVersion_RecordsNoHistory()
    {
        var key = await CreateKeyAsync();
        await CreateAliasAsync("alias/keep", key);
        await Store.UpdateKeyAsync(key with { Description = "changed" }, CancellationToken.None).WithTimeout();

        Assert.False(await Store.DeleteKeyAsync(key, CancellationToken.None).WithTimeout());

        Assert.Equal(["Create"], (await GetAliasHistoryAsync("alias/keep")).Select(h => h.Change));
    }

    private Task<bool> UpdateAliasAsync(string name, KeyRecord target, DateTimeOffset at, string by, string? expected) =>
        Store.UpdateAliasAsync(Account, Region, name, target.KeyId, at, by, expected, CancellationToken.None).WithTimeout();

    private Task<IReadOnlyList<AliasChange>> GetAliasHistoryAsync(string name) =>
        Store.GetAliasHistoryAsync(Account, Region, name, CancellationToken.None).WithTimeout();

    private static AliasChange Change(string change, string? target, string? previous, DateTimeOffset at, string by) => new()
    {
        AccountId = Account,
        Region = Region,
        AliasName = "alias/app",
        Change = change,
        TargetKeyId = target,
        PreviousTargetKeyId = previous,
        ChangedAt = at,
        ChangedBy = by,
    };

    private static void AssertIncreasing(IReadOnlyList<AliasChange> history)
    {
        for (var i = 1; i < history.Count; i++)
        {
            Assert.True(history[i].Sequence > history[i - 1].Sequence, $"Sequence {history[i].Sequence} follows {history[i - 1].Sequence}.");
        }
    }
}

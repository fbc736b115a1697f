using Keyhold.Core.Keys;

namespace Keyhold.Storage.Tests.Contract;

public abstract partial class KeyholdStoreContractTests
{
    [Fact]
    public async Task GetKeysDueForDeletion_MixedKeys_ReturnsPendingDeletionAtOrBeforeNowInAnyAccountEarliestFirst()
    {
        var now = T0.AddDays(10);
        var dueNow = await CreateKeyAsync(PendingDeletion(now));
        var dueEarlier = await CreateKeyAsync(PendingDeletion(now.AddDays(-1)) with { AccountId = OtherAccount, Region = OtherRegion });
        await CreateKeyAsync(PendingDeletion(now.AddMilliseconds(1)));
        await CreateKeyAsync(NewKey() with { State = KeyState.Disabled, DeletionDate = now.AddDays(-2) });
        await CreateKeyAsync();

        var due = await Store.GetKeysDueForDeletionAsync(now, 100, CancellationToken.None).WithTimeout();

        Assert.Equal([dueEarlier, dueNow], due);
    }

    [Fact]
    public async Task GetKeysDueForDeletion_MoreDueThanLimit_ReturnsEarliestUpToLimit()
    {
        var keys = new List<KeyRecord>();
        for (var i = 0; i < 5; i++)
        {
            keys.Add(await CreateKeyAsync(PendingDeletion(T0.AddHours(-i))));
        }

        var due = await Store.GetKeysDueForDeletionAsync(T0, 2, CancellationToken.None).WithTimeout();

        Assert.Equal([keys[4], keys[3]], due);
    }

    [Fact]
    public async Task DeleteKey_CurrentRowVersion_RemovesKeyMaterialTagsAndItsAliasesOnly()
    {
        var key = await CreateKeyAsync(null, new KeyTag("env", "prod"));
        var survivor = await CreateKeyAsync(null, new KeyTag("env", "test"));
        await CreateAliasAsync("alias/one", key);
        await CreateAliasAsync("alias/two", key);
        var otherAlias = await CreateAliasAsync("alias/other", survivor);

        var deleted = await Store.DeleteKeyAsync(key, CancellationToken.None).WithTimeout();

        Assert.True(deleted);
        Assert.Null(await Store.GetKeyAsync(Account, Region, key.KeyId, CancellationToken.None).WithTimeout());
        Assert.Empty(await Store.GetKeyMaterialsAsync(key.KeyId, CancellationToken.None).WithTimeout());
        Assert.Empty(await Store.GetTagsAsync(key.KeyId, CancellationToken.None).WithTimeout());
        Assert.Equal([otherAlias], await Store.ListAliasesAsync(Account, Region, null, null, 100, CancellationToken.None).WithTimeout());
        Assert.Equal(survivor, await Store.GetKeyAsync(Account, Region, survivor.KeyId, CancellationToken.None).WithTimeout());
        Assert.Single(await Store.GetKeyMaterialsAsync(survivor.KeyId, CancellationToken.None).WithTimeout());
        Assert.Single(await Store.GetTagsAsync(survivor.KeyId, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task DeleteKey_StaleRowVersion_ReturnsFalseAndKeepsEverything()
    {
        var key = await CreateKeyAsync(null, new KeyTag("env", "prod"));
        var alias = await CreateAliasAsync("alias/keep", key);
        var updated = await Store.UpdateKeyAsync(key with { State = KeyState.Enabled, Description = "cancelled deletion" }, CancellationToken.None).WithTimeout();

        var deleted = await Store.DeleteKeyAsync(key, CancellationToken.None).WithTimeout();

        Assert.False(deleted);
        Assert.Equal(updated, await Store.GetKeyAsync(Account, Region, key.KeyId, CancellationToken.None).WithTimeout());
        Assert.Single(await Store.GetKeyMaterialsAsync(key.KeyId, CancellationToken.None).WithTimeout());
        Assert.Single(await Store.GetTagsAsync(key.KeyId, CancellationToken.None).WithTimeout());
        Assert.Equal(alias, await Store.GetAliasAsync(Account, Region, "alias/keep", CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task DeleteKey_AlreadyDeleted_ReturnsFalse()
    {
        var key = await CreateKeyAsync();
        Assert.True(await Store.DeleteKeyAsync(key, CancellationToken.None).WithTimeout());

        Assert.False(await Store.DeleteKeyAsync(key, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task DeleteKey_WrongAccount_ReturnsFalseAndKeepsKey()
    {
        var key = await CreateKeyAsync();

        Assert.False(await Store.DeleteKeyAsync(key with { AccountId = OtherAccount }, CancellationToken.None).WithTimeout());

        Assert.Equal(key, await Store.GetKeyAsync(Account, Region, key.KeyId, CancellationToken.None).WithTimeout());
    }

    private static KeyRecord PendingDeletion(DateTimeOffset deletionDate) =>
        NewKey() with { State = KeyState.PendingDeletion, DeletionDate = deletionDate, PendingDeletionWindowInDays = 7 };
}

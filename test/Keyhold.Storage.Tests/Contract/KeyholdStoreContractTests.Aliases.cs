using Keyhold.Core.Storage;

namespace Keyhold.Storage.Tests.Contract;

public abstract partial class KeyholdStoreContractTests
{
    [Fact]
    public async Task CreateAlias_New_GetAliasReturnsEqualRecord()
    {
        var key = await CreateKeyAsync();
        var alias = await CreateAliasAsync("alias/application-current", key);

        Assert.Equal(alias, await Store.GetAliasAsync(Account, Region, "alias/application-current", CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task CreateAlias_NameTakenInSameAccountAndRegion_ThrowsConflictAndKeepsOriginal()
    {
        var first = await CreateKeyAsync();
        var second = await CreateKeyAsync();
        var original = await CreateAliasAsync("alias/app", first);

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.CreateAliasAsync(NewAlias("alias/app", second), Alice, CancellationToken.None).WithTimeout());

        Assert.Equal(original, await Store.GetAliasAsync(Account, Region, "alias/app", CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task CreateAlias_SameNameInOtherAccountOrRegion_Succeeds()
    {
        await CreateAliasAsync("alias/app", await CreateKeyAsync());
        await CreateAliasAsync("alias/app", await CreateKeyAsync(NewKey(account: OtherAccount)));
        await CreateAliasAsync("alias/app", await CreateKeyAsync(NewKey(region: OtherRegion)));

        Assert.NotNull(await Store.GetAliasAsync(OtherAccount, Region, "alias/app", CancellationToken.None).WithTimeout());
        Assert.NotNull(await Store.GetAliasAsync(Account, OtherRegion, "alias/app", CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task CreateAlias_TargetMissingOrInOtherRegion_ThrowsConflict()
    {
        var elsewhere = await CreateKeyAsync(NewKey(region: OtherRegion));

        await Assert.ThrowsAsync<StoreConflictException>(
            () => Store.CreateAliasAsync(NewAlias("alias/missing", NewKey()), Alice, CancellationToken.None).WithTimeout());
        await Assert.ThrowsAsync<StoreConflictException>(
            () => Store.CreateAliasAsync(NewAlias("alias/cross", elsewhere) with { Region = Region }, Alice, CancellationToken.None).WithTimeout());

        Assert.Empty(await Store.ListAliasesAsync(Account, Region, null, null, 10, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task GetAlias_OtherAccountRegionOrName_ReturnsNull()
    {
        await CreateAliasAsync("alias/app", await CreateKeyAsync());

        Assert.Null(await Store.GetAliasAsync(OtherAccount, Region, "alias/app", CancellationToken.None).WithTimeout());
        Assert.Null(await Store.GetAliasAsync(Account, OtherRegion, "alias/app", CancellationToken.None).WithTimeout());
        Assert.Null(await Store.GetAliasAsync(Account, Region, "alias/other", CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task UpdateAlias_Existing_RepointsAndKeepsCreationDate()
    {
        var oldKey = await CreateKeyAsync();
        var newKey = await CreateKeyAsync();
        var alias = await CreateAliasAsync("alias/application-current", oldKey);

        var updated = await Store.UpdateAliasAsync(Account, Region, alias.AliasName, newKey.KeyId, T0.AddDays(1), Alice, null, CancellationToken.None).WithTimeout();

        Assert.True(updated);
        Assert.Equal(
            alias with { TargetKeyId = newKey.KeyId, LastUpdatedDate = T0.AddDays(1) },
            await Store.GetAliasAsync(Account, Region, alias.AliasName, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task UpdateAlias_Missing_ReturnsFalse()
    {
        var key = await CreateKeyAsync();

        Assert.False(await Store.UpdateAliasAsync(Account, Region, "alias/none", key.KeyId, T0, Alice, null, CancellationToken.None).WithTimeout());
        Assert.Null(await Store.GetAliasAsync(Account, Region, "alias/none", CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task UpdateAlias_TargetMissing_ThrowsConflictAndKeepsOldTarget()
    {
        var alias = await CreateAliasAsync("alias/app", await CreateKeyAsync());

        await Assert.ThrowsAsync<StoreConflictException>(
            () => Store.UpdateAliasAsync(Account, Region, "alias/app", NewKeyId(), T0.AddDays(1), Alice, null, CancellationToken.None).WithTimeout());

        Assert.Equal(alias, await Store.GetAliasAsync(Account, Region, "alias/app", CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task DeleteAlias_Existing_ReturnsTrueOnceThenFalse()
    {
        var key = await CreateKeyAsync();
        await CreateAliasAsync("alias/app", key);

        Assert.True(await Store.DeleteAliasAsync(Account, Region, "alias/app", T0, Alice, CancellationToken.None).WithTimeout());
        Assert.False(await Store.DeleteAliasAsync(Account, Region, "alias/app", T0, Alice, CancellationToken.None).WithTimeout());

        Assert.Null(await Store.GetAliasAsync(Account, Region, "alias/app", CancellationToken.None).WithTimeout());
        Assert.NotNull(await Store.GetKeyAsync(Account, Region, key.KeyId, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task ListAliases_PagedByLastName_ReturnsEveryAliasOnceInNameOrder()
    {
        var key = await CreateKeyAsync();
        var names = Enumerable.Range(0, 17).Select(i => $"alias/app-{(i * 7) % 17:D2}").ToList();
        foreach (var name in names)
        {
            await CreateAliasAsync(name, key);
        }

        var seen = new List<string>();
        string? after = null;
        while (true)
        {
            var page = await Store.ListAliasesAsync(Account, Region, null, after, 4, CancellationToken.None).WithTimeout();
            Assert.InRange(page.Count, 0, 4);
            if (page.Count == 0)
            {
                break;
            }

            seen.AddRange(page.Select(a => a.AliasName));
            after = page[^1].AliasName;
        }

        Assert.Equal(names.Order(StringComparer.Ordinal), seen);
    }

    [Fact]
    public async Task ListAliases_ByTargetKey_ReturnsOnlyThatKeysAliasesPaged()
    {
        var key = await CreateKeyAsync();
        var other = await CreateKeyAsync();
        await CreateAliasAsync("alias/a", key);
        await CreateAliasAsync("alias/b", other);
        await CreateAliasAsync("alias/c", key);
        await CreateAliasAsync("alias/d", key);

        var first = await Store.ListAliasesAsync(Account, Region, key.KeyId, null, 2, CancellationToken.None).WithTimeout();
        var second = await Store.ListAliasesAsync(Account, Region, key.KeyId, first[^1].AliasName, 2, CancellationToken.None).WithTimeout();

        Assert.Equal(["alias/a", "alias/c"], first.Select(a => a.AliasName));
        Assert.Equal(["alias/d"], second.Select(a => a.AliasName));
    }

    [Fact]
    public async Task ListAliases_AliasesInOtherAccountsAndRegions_ReturnsOnlyRequestedScope()
    {
        var mine = await CreateAliasAsync("alias/app", await CreateKeyAsync());
        await CreateAliasAsync("alias/app", await CreateKeyAsync(NewKey(account: OtherAccount)));
        await CreateAliasAsync("alias/eu", await CreateKeyAsync(NewKey(region: OtherRegion)));

        Assert.Equal([mine], await Store.ListAliasesAsync(Account, Region, null, null, 100, CancellationToken.None).WithTimeout());
    }
}

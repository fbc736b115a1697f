using Keyhold.Core.Keys;
using Keyhold.Core.Storage;

namespace Keyhold.Storage.Tests.Contract;

public abstract partial class KeyholdStoreContractTests
{
    [Fact]
    public async Task UpdateKey_CurrentRowVersion_StoresEveryFieldAndIncrementsVersion()
    {
        var key = await CreateKeyAsync();
        var changed = key with
        {
            Description = "rotated",
            State = KeyState.PendingDeletion,
            DeletionDate = T0.AddDays(30),
            PendingDeletionWindowInDays = 30,
            Policy = """{"Version":"2012-10-17"}""",
            CurrentMaterialVersion = 2,
            KeyUsage = "GENERATE_VERIFY_MAC",
            RotationPeriodInDays = 90,
            NextRotationDate = T0.AddDays(90),
        };

        var returned = await Store.UpdateKeyAsync(changed, CancellationToken.None).WithTimeout();
        var stored = await Store.GetKeyAsync(Account, Region, key.KeyId, CancellationToken.None).WithTimeout();

        Assert.Equal(changed with { RowVersion = key.RowVersion + 1 }, returned);
        Assert.Equal(returned, stored);
    }

    [Fact]
    public async Task UpdateKey_ClearingNullableFields_StoresNulls()
    {
        var key = await CreateKeyAsync(NewKey() with
        {
            State = KeyState.PendingDeletion,
            DeletionDate = T0,
            PendingDeletionWindowInDays = 7,
            RotationPeriodInDays = 365,
            NextRotationDate = T0.AddDays(365),
        });

        var returned = await Store.UpdateKeyAsync(
            key with { State = KeyState.Disabled, DeletionDate = null, PendingDeletionWindowInDays = null, RotationPeriodInDays = null, NextRotationDate = null },
            CancellationToken.None).WithTimeout();
        var stored = await Store.GetKeyAsync(Account, Region, key.KeyId, CancellationToken.None).WithTimeout();

        Assert.Null(stored!.DeletionDate);
        Assert.Null(stored.PendingDeletionWindowInDays);
        Assert.Null(stored.RotationPeriodInDays);
        Assert.Null(stored.NextRotationDate);
        Assert.Equal(returned, stored);
    }

    [Fact]
    public async Task UpdateKey_ReturnedRecord_CanBeUpdatedAgain()
    {
        var key = await CreateKeyAsync();

        var first = await Store.UpdateKeyAsync(key with { Description = "one" }, CancellationToken.None).WithTimeout();
        var second = await Store.UpdateKeyAsync(first with { Description = "two" }, CancellationToken.None).WithTimeout();

        Assert.Equal(key.RowVersion + 2, second.RowVersion);
        Assert.Equal("two", (await Store.GetKeyAsync(Account, Region, key.KeyId, CancellationToken.None).WithTimeout())!.Description);
    }

    [Fact]
    public async Task UpdateKey_StaleRowVersion_ThrowsConflictAndKeepsWinningWrite()
    {
        var key = await CreateKeyAsync();
        var winner = await Store.UpdateKeyAsync(key with { Description = "winner" }, CancellationToken.None).WithTimeout();

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.UpdateKeyAsync(key with { Description = "loser" }, CancellationToken.None).WithTimeout());

        Assert.Equal(winner, await Store.GetKeyAsync(Account, Region, key.KeyId, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task UpdateKey_UnknownKey_ThrowsConflict()
    {
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.UpdateKeyAsync(NewKey(), CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task UpdateKey_WrongAccountOrRegion_ThrowsConflictAndChangesNothing()
    {
        var key = await CreateKeyAsync();

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.UpdateKeyAsync(key with { AccountId = OtherAccount }, CancellationToken.None).WithTimeout());
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.UpdateKeyAsync(key with { Region = OtherRegion }, CancellationToken.None).WithTimeout());

        Assert.Equal(key, await Store.GetKeyAsync(Account, Region, key.KeyId, CancellationToken.None).WithTimeout());
    }
}

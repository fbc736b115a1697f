using Keyhold.Core.Accounts;

namespace Keyhold.Storage.Tests.Contract;

public abstract partial class KeyholdStoreContractTests
{
    [Fact]
    public async Task ListAccessKeys_NoKeys_ReturnsEmpty()
    {
        Assert.Empty(await Store.ListAccessKeysAsync(Account, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task ListAccessKeys_RootAndUsersKeysInTwoAccounts_ReturnsTheAccountsKeysByCreationTimeThenId()
    {
        var later = NewAccessKey("AKIAEXAMPLE0000000A1", null) with { CreatedAt = T0.AddMinutes(5) };
        var tieB = NewAccessKey("AKIAEXAMPLE0000000B2", "bob");
        var tieA = NewAccessKey("AKIAEXAMPLE0000000B1", "alice") with { Active = false };
        var otherAccount = NewAccessKey("AKIAEXAMPLE0000000C1", null) with { AccountId = OtherAccount };
        foreach (var accessKey in new[] { later, tieB, otherAccount, tieA })
        {
            await Store.AddAccessKeyAsync(accessKey, CancellationToken.None).WithTimeout();
        }

        var listed = await Store.ListAccessKeysAsync(Account, CancellationToken.None).WithTimeout();

        Assert.Equal([tieA.AccessKeyId, tieB.AccessKeyId, later.AccessKeyId], listed.Select(k => k.AccessKeyId));
        Assert.Equal(tieA with { WrappedSecret = listed[0].WrappedSecret }, listed[0]);
        Assert.Equal(tieA.WrappedSecret, listed[0].WrappedSecret);
        Assert.Equal([otherAccount.AccessKeyId], (await Store.ListAccessKeysAsync(OtherAccount, CancellationToken.None).WithTimeout()).Select(k => k.AccessKeyId));
    }

    [Fact]
    public async Task SetAccessKeyActive_ExistingKey_TogglesActiveOnlyOnThatKey()
    {
        var accessKey = NewAccessKey("AKIAEXAMPLE0000000D1", "alice");
        var other = NewAccessKey("AKIAEXAMPLE0000000D2", "alice");
        await Store.AddAccessKeyAsync(accessKey, CancellationToken.None).WithTimeout();
        await Store.AddAccessKeyAsync(other, CancellationToken.None).WithTimeout();

        Assert.True(await Store.SetAccessKeyActiveAsync(accessKey.AccessKeyId, false, CancellationToken.None).WithTimeout());
        var inactive = await Store.GetAccessKeyAsync(accessKey.AccessKeyId, CancellationToken.None).WithTimeout();
        Assert.True(await Store.SetAccessKeyActiveAsync(accessKey.AccessKeyId, false, CancellationToken.None).WithTimeout());
        Assert.True(await Store.SetAccessKeyActiveAsync(accessKey.AccessKeyId, true, CancellationToken.None).WithTimeout());
        var active = await Store.GetAccessKeyAsync(accessKey.AccessKeyId, CancellationToken.None).WithTimeout();

        Assert.False(inactive!.Active);
        Assert.Equal(accessKey with { Active = false, WrappedSecret = inactive.WrappedSecret }, inactive);
        Assert.Equal(accessKey.WrappedSecret, inactive.WrappedSecret);
        Assert.True(active!.Active);
        Assert.True((await Store.GetAccessKeyAsync(other.AccessKeyId, CancellationToken.None).WithTimeout())!.Active);
    }

    [Fact]
    public async Task SetAccessKeyActive_UnknownKey_ReturnsFalse()
    {
        Assert.False(await Store.SetAccessKeyActiveAsync("AKIAUNKNOWN000000000", false, CancellationToken.None).WithTimeout());
        Assert.Null(await Store.GetAccessKeyAsync("AKIAUNKNOWN000000000", CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task DeleteAccessKey_ExistingKey_RemovesOnlyThatKey()
    {
        var accessKey = NewAccessKey("AKIAEXAMPLE0000000E1", "alice");
        var other = NewAccessKey("AKIAEXAMPLE0000000E2", "alice");
        await Store.AddAccessKeyAsync(accessKey, CancellationToken.None).WithTimeout();
        await Store.AddAccessKeyAsync(other, CancellationToken.None).WithTimeout();

        Assert.True(await Store.DeleteAccessKeyAsync(accessKey.AccessKeyId, CancellationToken.None).WithTimeout());

        Assert.Null(await Store.GetAccessKeyAsync(accessKey.AccessKeyId, CancellationToken.None).WithTimeout());
        Assert.Equal([other.AccessKeyId], (await Store.ListAccessKeysAsync(Account, CancellationToken.None).WithTimeout()).Select(k => k.AccessKeyId));
        Assert.False(await Store.DeleteAccessKeyAsync(accessKey.AccessKeyId, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task DeleteAccessKey_UnknownKey_ReturnsFalse()
    {
        Assert.False(await Store.DeleteAccessKeyAsync("AKIAUNKNOWN000000000", CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task AddAccessKey_AfterDeletingTheSameId_Succeeds()
    {
        var accessKey = NewAccessKey("AKIAEXAMPLE0000000F1", null);
        await Store.AddAccessKeyAsync(accessKey, CancellationToken.None).WithTimeout();
        await Store.DeleteAccessKeyAsync(accessKey.AccessKeyId, CancellationToken.None).WithTimeout();

        await Store.AddAccessKeyAsync(accessKey with { UserName = "carol" }, CancellationToken.None).WithTimeout();

        Assert.Equal("carol", (await Store.GetAccessKeyAsync(accessKey.AccessKeyId, CancellationToken.None).WithTimeout())!.UserName);
    }
}

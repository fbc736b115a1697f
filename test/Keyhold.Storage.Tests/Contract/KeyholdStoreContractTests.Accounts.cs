using Keyhold.Core.Accounts;
using Keyhold.Core.Protection;
using Keyhold.Core.Storage;

namespace Keyhold.Storage.Tests.Contract;

public abstract partial class KeyholdStoreContractTests
{
    [Fact]
    public async Task GetAccountIds_EmptyStore_ReturnsEmpty()
    {
        Assert.Empty(await Store.GetAccountIdsAsync(CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task AddAccount_Several_GetAccountIdsReturnsThemInOrder()
    {
        await Store.AddAccountAsync(OtherAccount, T0, CancellationToken.None).WithTimeout();
        await Store.AddAccountAsync(Account, T0, CancellationToken.None).WithTimeout();

        Assert.Equal([Account, OtherAccount], await Store.GetAccountIdsAsync(CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task AddAccount_Duplicate_ThrowsConflict()
    {
        await Store.AddAccountAsync(Account, T0, CancellationToken.None).WithTimeout();

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.AddAccountAsync(Account, T0, CancellationToken.None).WithTimeout());
        Assert.Equal([Account], await Store.GetAccountIdsAsync(CancellationToken.None).WithTimeout());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("alice")]
    public async Task AddAccessKey_New_GetAccessKeyReturnsEveryField(string? userName)
    {
        var accessKey = NewAccessKey("AKIAEXAMPLE000000001", userName) with { Active = userName is null };
        await Store.AddAccessKeyAsync(accessKey, CancellationToken.None).WithTimeout();

        var stored = await Store.GetAccessKeyAsync(accessKey.AccessKeyId, CancellationToken.None).WithTimeout();

        Assert.NotNull(stored);
        Assert.Equal(accessKey with { WrappedSecret = stored.WrappedSecret }, stored);
        Assert.Equal(accessKey.WrappedSecret, stored.WrappedSecret);
    }

    [Fact]
    public async Task AddAccessKey_DuplicateId_ThrowsConflictAndKeepsOriginal()
    {
        var original = NewAccessKey("AKIAEXAMPLE000000002", "alice");
        await Store.AddAccessKeyAsync(original, CancellationToken.None).WithTimeout();

        await Assert.ThrowsAsync<StoreConflictException>(
            () => Store.AddAccessKeyAsync(NewAccessKey(original.AccessKeyId, "mallory"), CancellationToken.None).WithTimeout());

        Assert.Equal("alice", (await Store.GetAccessKeyAsync(original.AccessKeyId, CancellationToken.None).WithTimeout())?.UserName);
    }

    [Fact]
    public async Task GetAccessKey_Unknown_ReturnsNull()
    {
        Assert.Null(await Store.GetAccessKeyAsync("AKIAUNKNOWN000000000", CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task AddDomainKey_Several_GetDomainKeysReturnsThemOrderedById()
    {
        var second = new DomainKeyRecord(2, [4, 5, 6], "sha256:bbbb", T0.AddDays(1));
        var first = new DomainKeyRecord(1, [1, 2, 3], "sha256:aaaa", T0);
        await Store.AddDomainKeyAsync(second, CancellationToken.None).WithTimeout();
        await Store.AddDomainKeyAsync(first, CancellationToken.None).WithTimeout();

        var stored = await Store.GetDomainKeysAsync(CancellationToken.None).WithTimeout();

        Assert.Equal([1, 2], stored.Select(d => d.Id));
        Assert.Equal(first with { WrappedKey = stored[0].WrappedKey }, stored[0]);
        Assert.Equal(first.WrappedKey, stored[0].WrappedKey);
        Assert.Equal(second.WrappedKey, stored[1].WrappedKey);
    }

    [Fact]
    public async Task AddDomainKey_DuplicateId_ThrowsConflictAndKeepsOriginal()
    {
        await Store.AddDomainKeyAsync(new DomainKeyRecord(1, [1], "sha256:aaaa", T0), CancellationToken.None).WithTimeout();

        await Assert.ThrowsAsync<StoreConflictException>(
            () => Store.AddDomainKeyAsync(new DomainKeyRecord(1, [2], "sha256:bbbb", T0), CancellationToken.None).WithTimeout());

        Assert.Equal("sha256:aaaa", Assert.Single(await Store.GetDomainKeysAsync(CancellationToken.None).WithTimeout()).RootKeyFingerprint);
    }

    protected static AccessKeyRecord NewAccessKey(string accessKeyId, string? userName) => new()
    {
        AccessKeyId = accessKeyId,
        AccountId = Account,
        UserName = userName,
        WrappedSecret = System.Security.Cryptography.RandomNumberGenerator.GetBytes(72),
        Active = true,
        CreatedAt = T0,
    };
}

using Keyhold.Core.Keys;
using Keyhold.Core.Protection;
using Keyhold.Core.Storage;

namespace Keyhold.Storage.Tests.Contract;

public abstract partial class KeyholdStoreContractTests
{
    [Fact]
    public async Task Migrate_CalledAgainOnSameAndNewInstance_ChangesNothing()
    {
        var key = await CreateKeyAsync();
        var version = await ReadSchemaVersionAsync().WithTimeout();

        await Store.MigrateAsync(CancellationToken.None).WithTimeout();
        await OpenStore().MigrateAsync(CancellationToken.None).WithTimeout();

        Assert.True(version >= 1);
        Assert.Equal(version, await ReadSchemaVersionAsync().WithTimeout());
        Assert.Equal(key, await Store.GetKeyAsync(Account, Region, key.KeyId, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task Migrate_ManyNodesAtOnceOnMigratedDatabase_AllSucceedAndSchemaIsUsable()
    {
        var nodes = Enumerable.Range(0, 6).Select(_ => OpenStore()).ToList();
        var version = await ReadSchemaVersionAsync().WithTimeout();

        await Task.WhenAll(nodes.Select(n => Task.Run(() => n.MigrateAsync(CancellationToken.None)))).WithTimeout();

        Assert.Equal(version, await ReadSchemaVersionAsync().WithTimeout());
        var key = NewKey();
        await nodes[^1].CreateKeyAsync(key, NewMaterial(key.KeyId), [], CancellationToken.None).WithTimeout();
        Assert.Equal(key, await nodes[0].GetKeyAsync(Account, Region, key.KeyId, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task Migrate_DatabaseFromNewerVersion_ThrowsUnavailableNamingVersionsAndChangesNothing()
    {
        var key = await CreateKeyAsync();
        var known = await ReadSchemaVersionAsync().WithTimeout();
        await RecordSchemaVersionAsync(known + 1).WithTimeout();

        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(() => OpenStore().MigrateAsync(CancellationToken.None).WithTimeout());

        Assert.Contains($"{known + 1}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("newer", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(known + 1, await ReadSchemaVersionAsync().WithTimeout());
        Assert.Equal(key, await Store.GetKeyAsync(Account, Region, key.KeyId, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task Store_DisposedAndReopened_KeepsEveryAcknowledgedWrite()
    {
        var key = await CreateKeyAsync(null, new KeyTag("env", "prod"));
        var updated = await Store.UpdateKeyAsync(key with { Description = "after update" }, CancellationToken.None).WithTimeout();
        var alias = await CreateAliasAsync("alias/app", key);
        await Store.AddAccountAsync(Account, T0, CancellationToken.None).WithTimeout();
        await Store.AddAccessKeyAsync(NewAccessKey("AKIAEXAMPLE000000003", null), CancellationToken.None).WithTimeout();
        await Store.AddDomainKeyAsync(new DomainKeyRecord(1, [9, 9], "sha256:cccc", T0), CancellationToken.None).WithTimeout();
        if (Store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().AsTask().WithTimeout();
        }

        var reopened = OpenStore();
        await reopened.MigrateAsync(CancellationToken.None).WithTimeout();

        Assert.Equal(updated, await reopened.GetKeyAsync(Account, Region, key.KeyId, CancellationToken.None).WithTimeout());
        Assert.Single(await reopened.GetKeyMaterialsAsync(key.KeyId, CancellationToken.None).WithTimeout());
        Assert.Equal([new KeyTag("env", "prod")], await reopened.GetTagsAsync(key.KeyId, CancellationToken.None).WithTimeout());
        Assert.Equal(alias, await reopened.GetAliasAsync(Account, Region, "alias/app", CancellationToken.None).WithTimeout());
        Assert.Equal([Account], await reopened.GetAccountIdsAsync(CancellationToken.None).WithTimeout());
        Assert.NotNull(await reopened.GetAccessKeyAsync("AKIAEXAMPLE000000003", CancellationToken.None).WithTimeout());
        Assert.Equal([9, 9], Assert.Single(await reopened.GetDomainKeysAsync(CancellationToken.None).WithTimeout()).WrappedKey);
    }
}

using Keyhold.Core.Keys;
using Keyhold.Core.Storage;

namespace Keyhold.Storage.Tests.Contract;

public abstract partial class KeyholdStoreContractTests
{
    [Fact]
    public async Task GetTags_KeyWithoutTags_ReturnsEmpty()
    {
        var key = await CreateKeyAsync();

        Assert.Empty(await Store.GetTagsAsync(key.KeyId, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task UpdateTags_Upsert_AddsNewAndOverwritesExistingValues()
    {
        var key = await CreateKeyAsync(null, new KeyTag("env", "test"), new KeyTag("team", "payments"));

        await Store.UpdateTagsAsync(key.KeyId, [new KeyTag("env", "prod"), new KeyTag("cost-center", "42")], [], CancellationToken.None).WithTimeout();

        Assert.Equal(
            [new KeyTag("cost-center", "42"), new KeyTag("env", "prod"), new KeyTag("team", "payments")],
            await Store.GetTagsAsync(key.KeyId, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task UpdateTags_RemoveKeys_RemovesOnlyThoseAndIgnoresMissingOnes()
    {
        var key = await CreateKeyAsync(null, new KeyTag("a", "1"), new KeyTag("b", "2"), new KeyTag("c", "3"));

        await Store.UpdateTagsAsync(key.KeyId, [], ["a", "c", "not-there"], CancellationToken.None).WithTimeout();

        Assert.Equal([new KeyTag("b", "2")], await Store.GetTagsAsync(key.KeyId, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task UpdateTags_UpsertAndRemoveTogether_AppliesBoth()
    {
        var key = await CreateKeyAsync(null, new KeyTag("old", "x"));

        await Store.UpdateTagsAsync(key.KeyId, [new KeyTag("new", "y")], ["old"], CancellationToken.None).WithTimeout();

        Assert.Equal([new KeyTag("new", "y")], await Store.GetTagsAsync(key.KeyId, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task UpdateTags_TagsOfOtherKey_AreUntouched()
    {
        var key = await CreateKeyAsync(null, new KeyTag("env", "prod"));
        var other = await CreateKeyAsync(null, new KeyTag("env", "test"));

        await Store.UpdateTagsAsync(key.KeyId, [new KeyTag("env", "staging")], [], CancellationToken.None).WithTimeout();

        Assert.Equal([new KeyTag("env", "test")], await Store.GetTagsAsync(other.KeyId, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task UpdateTags_UnknownKey_ThrowsConflict()
    {
        await Assert.ThrowsAsync<StoreConflictException>(
            () => Store.UpdateTagsAsync(NewKeyId(), [new KeyTag("env", "prod")], [], CancellationToken.None).WithTimeout());
    }
}

using Keyhold.Core.Keys;
using Keyhold.Core.Storage;

namespace Keyhold.Storage.Tests.Contract;

public abstract partial class KeyholdStoreContractTests
{
    public static TheoryData<KeyState> AllKeyStates => [.. Enum.GetValues<KeyState>()];

    [Fact]
    public async Task CreateKey_EveryFieldSet_GetKeyReturnsEqualRecord()
    {
        var key = NewKey() with
        {
            KeySpec = "RSA_2048",
            KeyUsage = "SIGN_VERIFY",
            Origin = "EXTERNAL",
            KeyManager = "AWS",
            State = KeyState.PendingDeletion,
            DeletionDate = T0.AddDays(7),
            PendingDeletionWindowInDays = 7,
            CurrentMaterialVersion = 3,
            RotationPeriodInDays = 365,
            NextRotationDate = T0.AddDays(365),
            RowVersion = 5,
        };
        await CreateKeyAsync(key);

        var stored = await Store.GetKeyAsync(Account, Region, key.KeyId, CancellationToken.None).WithTimeout();

        Assert.Equal(key, stored);
    }

    [Fact]
    public async Task CreateKey_WithMaterial_GetKeyMaterialsReturnsItByteForByte()
    {
        var key = NewKey();
        var material = NewMaterial(key.KeyId);
        await Store.CreateKeyAsync(key, material, [], CancellationToken.None).WithTimeout();

        var stored = Assert.Single(await Store.GetKeyMaterialsAsync(key.KeyId, CancellationToken.None).WithTimeout());

        Assert.Equal(material with { WrappedMaterial = stored.WrappedMaterial }, stored);
        Assert.Equal(material.WrappedMaterial, stored.WrappedMaterial);
    }

    [Fact]
    public async Task CreateKey_WithTags_GetTagsReturnsThemOrderedByKey()
    {
        var key = await CreateKeyAsync(null, new KeyTag("team", "payments"), new KeyTag("env", "prod"));

        var tags = await Store.GetTagsAsync(key.KeyId, CancellationToken.None).WithTimeout();

        Assert.Equal([new KeyTag("env", "prod"), new KeyTag("team", "payments")], tags);
    }

    [Fact]
    public async Task CreateKey_DuplicateKeyId_ThrowsConflictAndKeepsOriginalRows()
    {
        var original = await CreateKeyAsync(null, new KeyTag("owner", "first"));
        var originalMaterial = Assert.Single(await Store.GetKeyMaterialsAsync(original.KeyId, CancellationToken.None).WithTimeout());
        var duplicate = NewKey(original.KeyId, OtherAccount, OtherRegion) with { Description = "second" };

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.CreateKeyAsync(
            duplicate, NewMaterial(original.KeyId, 2), [new KeyTag("owner", "second"), new KeyTag("extra", "x")], CancellationToken.None).WithTimeout());

        Assert.Equal(original, await Store.GetKeyAsync(Account, Region, original.KeyId, CancellationToken.None).WithTimeout());
        Assert.Null(await Store.GetKeyAsync(OtherAccount, OtherRegion, original.KeyId, CancellationToken.None).WithTimeout());
        var materials = await Store.GetKeyMaterialsAsync(original.KeyId, CancellationToken.None).WithTimeout();
        Assert.Equal(originalMaterial.MaterialId, Assert.Single(materials).MaterialId);
        Assert.Equal([new KeyTag("owner", "first")], await Store.GetTagsAsync(original.KeyId, CancellationToken.None).WithTimeout());
    }

    [Theory]
    [MemberData(nameof(AllKeyStates))]
    public async Task CreateKey_AnyState_StateRoundTrips(KeyState state)
    {
        var key = await CreateKeyAsync(NewKey() with { State = state });

        var stored = await Store.GetKeyAsync(Account, Region, key.KeyId, CancellationToken.None).WithTimeout();

        Assert.Equal(state, stored?.State);
    }

    [Fact]
    public async Task CreateKey_SubMillisecondTimestampWithOffset_ReadsBackSameInstantInUtcMilliseconds()
    {
        var local = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.FromHours(2)).AddTicks(1_234_567);
        var key = await CreateKeyAsync(NewKey() with { CreationDate = local, DeletionDate = local, NextRotationDate = local });

        var stored = await Store.GetKeyAsync(Account, Region, key.KeyId, CancellationToken.None).WithTimeout();

        var expected = DateTimeOffset.FromUnixTimeMilliseconds(local.ToUnixTimeMilliseconds());
        Assert.Equal(expected, stored!.CreationDate);
        Assert.Equal(TimeSpan.Zero, stored.CreationDate.Offset);
        Assert.Equal(expected, stored.DeletionDate);
        Assert.Equal(expected, stored.NextRotationDate);
    }

    [Fact]
    public async Task GetKey_OtherAccountRegionOrUnknownId_ReturnsNull()
    {
        var key = await CreateKeyAsync();

        Assert.Null(await Store.GetKeyAsync(OtherAccount, Region, key.KeyId, CancellationToken.None).WithTimeout());
        Assert.Null(await Store.GetKeyAsync(Account, OtherRegion, key.KeyId, CancellationToken.None).WithTimeout());
        Assert.Null(await Store.GetKeyAsync(Account, Region, NewKeyId(), CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task GetKeyMaterials_UnknownKey_ReturnsEmpty()
    {
        Assert.Empty(await Store.GetKeyMaterialsAsync(NewKeyId(), CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task ListKeys_PagedByLastKeyId_ReturnsEveryKeyOnceInKeyIdOrder()
    {
        var created = new List<string>();
        for (var i = 0; i < 23; i++)
        {
            created.Add((await CreateKeyAsync()).KeyId);
        }

        var seen = new List<string>();
        string? after = null;
        while (true)
        {
            var page = await Store.ListKeysAsync(Account, Region, after, 5, CancellationToken.None).WithTimeout();
            Assert.InRange(page.Count, 0, 5);
            if (page.Count == 0)
            {
                break;
            }

            seen.AddRange(page.Select(k => k.KeyId));
            after = page[^1].KeyId;
        }

        Assert.Equal(created.Order(StringComparer.Ordinal), seen);
    }

    [Fact]
    public async Task ListKeys_Limit_ReturnsFirstKeysOnly()
    {
        var keys = new[] { "00000000-0000-0000-0000-00000000000c", "00000000-0000-0000-0000-00000000000a", "00000000-0000-0000-0000-00000000000b" };
        foreach (var id in keys)
        {
            await CreateKeyAsync(NewKey(id));
        }

        var page = await Store.ListKeysAsync(Account, Region, null, 2, CancellationToken.None).WithTimeout();
        var rest = await Store.ListKeysAsync(Account, Region, page[^1].KeyId, 2, CancellationToken.None).WithTimeout();
        var end = await Store.ListKeysAsync(Account, Region, rest[^1].KeyId, 2, CancellationToken.None).WithTimeout();

        Assert.Equal([keys[1], keys[2]], page.Select(k => k.KeyId));
        Assert.Equal([keys[0]], rest.Select(k => k.KeyId));
        Assert.Empty(end);
    }

    [Fact]
    public async Task ListKeys_KeysInOtherAccountsAndRegions_ReturnsOnlyRequestedScope()
    {
        var mine = await CreateKeyAsync();
        await CreateKeyAsync(NewKey(account: OtherAccount));
        await CreateKeyAsync(NewKey(region: OtherRegion));

        var listed = await Store.ListKeysAsync(Account, Region, null, 100, CancellationToken.None).WithTimeout();
        var otherRegion = await Store.ListKeysAsync(Account, OtherRegion, null, 100, CancellationToken.None).WithTimeout();

        Assert.Equal(mine, Assert.Single(listed));
        Assert.Equal(OtherRegion, Assert.Single(otherRegion).Region);
    }

    [Fact]
    public async Task ListKeys_NonPositiveLimit_ThrowsArgumentOutOfRange()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ListKeysAsync(Account, Region, null, 0, CancellationToken.None).WithTimeout());
    }
}

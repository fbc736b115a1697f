using Keyhold.Core.Keys;
using Keyhold.Core.Storage;

namespace Keyhold.Storage.Tests.Contract;

public abstract partial class KeyholdStoreContractTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("AUTOMATIC")]
    [InlineData("ON_DEMAND")]
    public async Task CreateKey_MaterialRotationType_RoundTrips(string? rotationType)
    {
        var key = NewKey();
        var material = NewMaterial(key.KeyId) with { RotationType = rotationType };
        await Store.CreateKeyAsync(key, material, [], CancellationToken.None).WithTimeout();

        var stored = Assert.Single(await Store.GetKeyMaterialsAsync(key.KeyId, CancellationToken.None).WithTimeout());

        Assert.Equal(rotationType, stored.RotationType);
    }

    [Fact]
    public async Task AddKeyMaterial_CurrentRowVersion_StoresMaterialAndKeyAndListsVersionsInOrder()
    {
        var key = await CreateKeyAsync(RotatingKey(T0.AddDays(90)));
        var second = NewMaterial(key.KeyId, 2) with { RotationType = "AUTOMATIC" };
        var rotated = key with { CurrentMaterialVersion = 2, NextRotationDate = T0.AddDays(180) };

        var returned = await Store.AddKeyMaterialAsync(rotated, second, CancellationToken.None).WithTimeout();
        var third = NewMaterial(key.KeyId, 3) with { RotationType = "ON_DEMAND" };
        var final = await Store.AddKeyMaterialAsync(returned with { CurrentMaterialVersion = 3 }, third, CancellationToken.None).WithTimeout();

        Assert.Equal(rotated with { RowVersion = key.RowVersion + 1 }, returned);
        Assert.Equal(key.RowVersion + 2, final.RowVersion);
        Assert.Equal(final, await Store.GetKeyAsync(Account, Region, key.KeyId, CancellationToken.None).WithTimeout());
        var materials = await Store.GetKeyMaterialsAsync(key.KeyId, CancellationToken.None).WithTimeout();
        Assert.Equal([1, 2, 3], materials.Select(m => m.Version));
        Assert.Equal([null, "AUTOMATIC", "ON_DEMAND"], materials.Select(m => m.RotationType));
        Assert.Equal(second with { WrappedMaterial = materials[1].WrappedMaterial }, materials[1]);
        Assert.Equal(second.WrappedMaterial, materials[1].WrappedMaterial);
        Assert.Equal(third.MaterialId, materials[2].MaterialId);
    }

    [Fact]
    public async Task AddKeyMaterial_StaleRowVersion_ThrowsConflictAndStoresNeitherMaterialNorKey()
    {
        var key = await CreateKeyAsync(RotatingKey(T0));
        var winner = await Store.UpdateKeyAsync(key with { Description = "changed meanwhile" }, CancellationToken.None).WithTimeout();

        var ex = await Assert.ThrowsAsync<StoreConflictException>(() => Store.AddKeyMaterialAsync(
            key with { CurrentMaterialVersion = 2, NextRotationDate = T0.AddDays(90) }, NewMaterial(key.KeyId, 2), CancellationToken.None).WithTimeout());

        Assert.Contains(key.KeyId, ex.Message, StringComparison.Ordinal);
        Assert.Equal(winner, await Store.GetKeyAsync(Account, Region, key.KeyId, CancellationToken.None).WithTimeout());
        Assert.Equal([1], (await Store.GetKeyMaterialsAsync(key.KeyId, CancellationToken.None).WithTimeout()).Select(m => m.Version));
    }

    [Fact]
    public async Task AddKeyMaterial_VersionExists_ThrowsConflictAndKeepsKeyAndOriginalMaterial()
    {
        var key = await CreateKeyAsync(RotatingKey(T0));
        var original = Assert.Single(await Store.GetKeyMaterialsAsync(key.KeyId, CancellationToken.None).WithTimeout());

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.AddKeyMaterialAsync(
            key with { Description = "should not stick", NextRotationDate = T0.AddDays(90) },
            NewMaterial(key.KeyId, 1) with { MaterialId = new string('f', 64) },
            CancellationToken.None).WithTimeout());

        Assert.Equal(key, await Store.GetKeyAsync(Account, Region, key.KeyId, CancellationToken.None).WithTimeout());
        var stored = Assert.Single(await Store.GetKeyMaterialsAsync(key.KeyId, CancellationToken.None).WithTimeout());
        Assert.Equal(original.MaterialId, stored.MaterialId);
        Assert.Equal(original.WrappedMaterial, stored.WrappedMaterial);

        // The failed attempt left the row version alone: a retry with a fresh version succeeds.
        await Store.AddKeyMaterialAsync(key with { CurrentMaterialVersion = 2 }, NewMaterial(key.KeyId, 2), CancellationToken.None).WithTimeout();
    }

    [Fact]
    public async Task AddKeyMaterial_UnknownKeyOrWrongAccount_ThrowsConflictAndStoresNoMaterial()
    {
        var key = await CreateKeyAsync();
        var ghost = NewKey();

        await Assert.ThrowsAsync<StoreConflictException>(
            () => Store.AddKeyMaterialAsync(ghost, NewMaterial(ghost.KeyId, 2), CancellationToken.None).WithTimeout());
        await Assert.ThrowsAsync<StoreConflictException>(
            () => Store.AddKeyMaterialAsync(key with { AccountId = OtherAccount }, NewMaterial(key.KeyId, 2), CancellationToken.None).WithTimeout());

        Assert.Empty(await Store.GetKeyMaterialsAsync(ghost.KeyId, CancellationToken.None).WithTimeout());
        Assert.Single(await Store.GetKeyMaterialsAsync(key.KeyId, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task AddKeyMaterial_MaterialOfAnotherKey_ThrowsArgument()
    {
        var key = await CreateKeyAsync();

        await Assert.ThrowsAsync<ArgumentException>(
            () => Store.AddKeyMaterialAsync(key, NewMaterial(NewKeyId(), 2), CancellationToken.None).WithTimeout());

        Assert.Single(await Store.GetKeyMaterialsAsync(key.KeyId, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task AddKeyMaterial_ManyRacersFromSameRowVersionOnTwoNodes_ExactlyOneWins()
    {
        var otherNode = OpenStore();
        await otherNode.MigrateAsync(CancellationToken.None).WithTimeout();
        var key = await CreateKeyAsync(RotatingKey(T0));

        // Every racer brings a different version, so only the row-version check can stop the losers.
        var results = await Task.WhenAll(Enumerable.Range(0, Racers).Select(i => Task.Run(() =>
        {
            var node = i % 2 == 0 ? Store : otherNode;
            var version = 2 + i;
            return WinsAsync(() => node.AddKeyMaterialAsync(
                key with { CurrentMaterialVersion = version }, NewMaterial(key.KeyId, version), CancellationToken.None));
        }))).WithTimeout();

        Assert.Single(results, won => won);
        var winner = 2 + Array.IndexOf(results, true);
        var stored = await Store.GetKeyAsync(Account, Region, key.KeyId, CancellationToken.None).WithTimeout();
        Assert.Equal(key.RowVersion + 1, stored!.RowVersion);
        Assert.Equal(winner, stored.CurrentMaterialVersion);
        Assert.Equal([1, winner], (await Store.GetKeyMaterialsAsync(key.KeyId, CancellationToken.None).WithTimeout()).Select(m => m.Version));
    }

    [Fact]
    public async Task GetKeysDueForRotation_MixedKeys_ReturnsEnabledDueAtOrBeforeNowInAnyAccountSoonestFirst()
    {
        var now = T0.AddDays(10);
        var dueNow = await CreateKeyAsync(RotatingKey(now));
        var dueEarlier = await CreateKeyAsync(RotatingKey(now.AddDays(-1)) with { AccountId = OtherAccount, Region = OtherRegion });
        await CreateKeyAsync(RotatingKey(now.AddMilliseconds(1)));
        await CreateKeyAsync(RotatingKey(now.AddDays(-2)) with { State = KeyState.Disabled });
        await CreateKeyAsync(RotatingKey(now.AddDays(-2)) with { State = KeyState.PendingDeletion, DeletionDate = now, PendingDeletionWindowInDays = 7 });
        await CreateKeyAsync(RotatingKey(now.AddDays(-2)) with { State = KeyState.PendingImport });
        await CreateKeyAsync();

        var due = await Store.GetKeysDueForRotationAsync(now, 100, CancellationToken.None).WithTimeout();

        Assert.Equal([dueEarlier, dueNow], due);
    }

    [Fact]
    public async Task GetKeysDueForRotation_MoreDueThanLimit_ReturnsSoonestUpToLimit()
    {
        var keys = new List<KeyRecord>();
        for (var i = 0; i < 5; i++)
        {
            keys.Add(await CreateKeyAsync(RotatingKey(T0.AddHours(-i))));
        }

        var due = await Store.GetKeysDueForRotationAsync(T0, 2, CancellationToken.None).WithTimeout();

        Assert.Equal([keys[4], keys[3]], due);
    }

    [Fact]
    public async Task GetKeysDueForRotation_SameDate_OrdersByKeyId()
    {
        var ids = new[] { "00000000-0000-0000-0000-00000000000b", "00000000-0000-0000-0000-00000000000a" };
        foreach (var id in ids)
        {
            await CreateKeyAsync(RotatingKey(T0) with { KeyId = id });
        }

        var due = await Store.GetKeysDueForRotationAsync(T0, 10, CancellationToken.None).WithTimeout();

        Assert.Equal([ids[1], ids[0]], due.Select(k => k.KeyId));
    }

    [Fact]
    public async Task GetKeysDueForRotation_AfterRotationMovesDateOn_NoLongerReturnsKey()
    {
        var key = await CreateKeyAsync(RotatingKey(T0));

        await Store.AddKeyMaterialAsync(
            key with { CurrentMaterialVersion = 2, NextRotationDate = T0.AddDays(365) }, NewMaterial(key.KeyId, 2), CancellationToken.None).WithTimeout();

        Assert.Empty(await Store.GetKeysDueForRotationAsync(T0.AddDays(364), 10, CancellationToken.None).WithTimeout());
        Assert.Single(await Store.GetKeysDueForRotationAsync(T0.AddDays(365), 10, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task GetKeysDueForRotation_NonPositiveLimit_ThrowsArgumentOutOfRange()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.GetKeysDueForRotationAsync(T0, 0, CancellationToken.None).WithTimeout());
    }

    private static KeyRecord RotatingKey(DateTimeOffset nextRotationDate) =>
        NewKey() with { RotationPeriodInDays = 365, NextRotationDate = nextRotationDate };
}

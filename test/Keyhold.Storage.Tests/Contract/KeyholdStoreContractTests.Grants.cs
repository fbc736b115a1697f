using Keyhold.Core.Grants;
using Keyhold.Core.Keys;
using Keyhold.Core.Storage;

namespace Keyhold.Storage.Tests.Contract;

public abstract partial class KeyholdStoreContractTests
{
    private const string Grantee = "arn:aws:iam::111122223333:role/app";
    private const string OtherGrantee = "arn:aws:iam::444455556666:root";
    private const string Retirer = "arn:aws:iam::111122223333:role/retirer";

    private static readonly string[] NoOperations = [];

    [Fact]
    public async Task CreateGrant_New_ReturnsItAndEveryReadReturnsEveryField()
    {
        var key = await CreateKeyAsync();
        var grant = NewGrant(key, "app-grant") with
        {
            RetiringPrincipal = Retirer,
            Operations = ["GenerateDataKey", "Decrypt", "Encrypt"],
            EncryptionContextEquals = new Dictionary<string, string> { ["tenant"] = "émilie 🔑", ["b"] = "x\"y" },
            EncryptionContextSubset = new Dictionary<string, string>(),
        };

        var created = await Store.CreateGrantAsync(grant, CancellationToken.None).WithTimeout();

        AssertSameGrant(grant, created);
        AssertSameGrant(grant, await Store.GetGrantAsync(key.KeyId, grant.GrantId, CancellationToken.None).WithTimeout());
        AssertSameGrant(grant, await Store.GetGrantByTokenAsync(grant.GrantToken, CancellationToken.None).WithTimeout());
        AssertSameGrant(grant, Assert.Single(await Store.GetGrantsForGranteeAsync(key.KeyId, Grantee, CancellationToken.None).WithTimeout()));
    }

    [Fact]
    public async Task CreateGrant_NoNameRetirerOrConstraints_ReadsBackNulls()
    {
        var key = await CreateKeyAsync();
        var grant = NewGrant(key, name: null);

        await Store.CreateGrantAsync(grant, CancellationToken.None).WithTimeout();

        var stored = await Store.GetGrantAsync(key.KeyId, grant.GrantId, CancellationToken.None).WithTimeout();
        AssertSameGrant(grant, stored);
        Assert.Null(stored!.Name);
        Assert.Null(stored.RetiringPrincipal);
        Assert.Null(stored.EncryptionContextEquals);
        Assert.Null(stored.EncryptionContextSubset);
    }

    [Fact]
    public async Task CreateGrant_KeyDoesNotExist_ThrowsConflict()
    {
        var grant = NewGrant(NewKey(), "orphan");

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.CreateGrantAsync(grant, CancellationToken.None).WithTimeout());

        Assert.Null(await Store.GetGrantAsync(grant.KeyId, grant.GrantId, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task CreateGrant_KeyOfAnotherAccount_ThrowsConflict()
    {
        var key = await CreateKeyAsync();
        var grant = NewGrant(key, null) with { AccountId = OtherAccount };

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.CreateGrantAsync(grant, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task CreateGrant_TokenOrIdTaken_ThrowsConflictAndKeepsOriginal()
    {
        var key = await CreateKeyAsync();
        var original = NewGrant(key, null);
        await Store.CreateGrantAsync(original, CancellationToken.None).WithTimeout();

        await Assert.ThrowsAsync<StoreConflictException>(
            () => Store.CreateGrantAsync(NewGrant(key, null) with { GrantToken = original.GrantToken }, CancellationToken.None).WithTimeout());
        await Assert.ThrowsAsync<StoreConflictException>(
            () => Store.CreateGrantAsync(NewGrant(key, null) with { GrantId = original.GrantId }, CancellationToken.None).WithTimeout());

        AssertSameGrant(original, Assert.Single(await Store.ListGrantsAsync(key.KeyId, null, null, null, 100, CancellationToken.None).WithTimeout()));
    }

    [Fact]
    public async Task CreateGrant_RetryWithSameNameAndParameters_ReturnsOriginalAndStoresNothing()
    {
        var key = await CreateKeyAsync();
        var original = NewGrant(key, "deploy") with { EncryptionContextSubset = new Dictionary<string, string> { ["app"] = "web", ["env"] = "prod" } };
        await Store.CreateGrantAsync(original, CancellationToken.None).WithTimeout();
        var retry = NewGrant(key, "deploy") with
        {
            Operations = [.. original.Operations.Reverse()],
            EncryptionContextSubset = new Dictionary<string, string> { ["env"] = "prod", ["app"] = "web" },
            CreationDate = T0.AddMinutes(1),
        };

        var returned = await Store.CreateGrantAsync(retry, CancellationToken.None).WithTimeout();

        AssertSameGrant(original, returned);
        AssertSameGrant(original, Assert.Single(await Store.ListGrantsAsync(key.KeyId, null, null, null, 100, CancellationToken.None).WithTimeout()));
        Assert.Null(await Store.GetGrantByTokenAsync(retry.GrantToken, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task CreateGrant_SameNameDifferentParameters_CreatesAnotherGrant()
    {
        var key = await CreateKeyAsync();
        var first = NewGrant(key, "deploy");
        await Store.CreateGrantAsync(first, CancellationToken.None).WithTimeout();
        var differentOperations = NewGrant(key, "deploy") with { Operations = ["Decrypt"] };
        var differentGrantee = NewGrant(key, "deploy") with { GranteePrincipal = OtherGrantee };
        var withConstraint = NewGrant(key, "deploy") with { EncryptionContextEquals = new Dictionary<string, string>() };

        AssertSameGrant(differentOperations, await Store.CreateGrantAsync(differentOperations, CancellationToken.None).WithTimeout());
        AssertSameGrant(differentGrantee, await Store.CreateGrantAsync(differentGrantee, CancellationToken.None).WithTimeout());
        AssertSameGrant(withConstraint, await Store.CreateGrantAsync(withConstraint, CancellationToken.None).WithTimeout());

        // A retry of the second one now finds it among the same-name grants.
        AssertSameGrant(differentOperations, await Store.CreateGrantAsync(NewGrant(key, "deploy") with { Operations = ["Decrypt"] }, CancellationToken.None).WithTimeout());
        Assert.Equal(4, (await Store.ListGrantsAsync(key.KeyId, null, null, null, 100, CancellationToken.None).WithTimeout()).Count);
    }

    [Fact]
    public async Task CreateGrant_SameParametersWithoutName_CreatesAnotherGrant()
    {
        var key = await CreateKeyAsync();
        await Store.CreateGrantAsync(NewGrant(key, null), CancellationToken.None).WithTimeout();
        var second = NewGrant(key, null);

        AssertSameGrant(second, await Store.CreateGrantAsync(second, CancellationToken.None).WithTimeout());

        Assert.Equal(2, (await Store.ListGrantsAsync(key.KeyId, null, null, null, 100, CancellationToken.None).WithTimeout()).Count);
    }

    [Fact]
    public async Task CreateGrant_SameNameOnAnotherKey_CreatesAnotherGrant()
    {
        var key = await CreateKeyAsync();
        var otherKey = await CreateKeyAsync();
        await Store.CreateGrantAsync(NewGrant(key, "deploy"), CancellationToken.None).WithTimeout();
        var onOtherKey = NewGrant(otherKey, "deploy");

        AssertSameGrant(onOtherKey, await Store.CreateGrantAsync(onOtherKey, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task CreateGrant_ManyRetriesOfOneNamedGrantRacingOnTwoNodes_StoreExactlyOneGrant()
    {
        var otherNode = OpenStore();
        await otherNode.MigrateAsync(CancellationToken.None).WithTimeout();
        var key = await CreateKeyAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, Racers).Select(i => Task.Run(() =>
            (i % 2 == 0 ? Store : otherNode).CreateGrantAsync(NewGrant(key, "contested"), CancellationToken.None)))).WithTimeout();

        var stored = Assert.Single(await Store.ListGrantsAsync(key.KeyId, null, null, null, 100, CancellationToken.None).WithTimeout());
        Assert.All(results, r => AssertSameGrant(stored, r));
    }

    [Fact]
    public async Task GetGrant_UnknownIdOrOtherKey_ReturnsNull()
    {
        var key = await CreateKeyAsync();
        var otherKey = await CreateKeyAsync();
        var grant = NewGrant(key, null);
        await Store.CreateGrantAsync(grant, CancellationToken.None).WithTimeout();

        Assert.Null(await Store.GetGrantAsync(otherKey.KeyId, grant.GrantId, CancellationToken.None).WithTimeout());
        Assert.Null(await Store.GetGrantAsync(key.KeyId, NewGrantId(), CancellationToken.None).WithTimeout());
        Assert.Null(await Store.GetGrantByTokenAsync("unknown-token", CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task ListGrants_MoreThanOnePage_PagesInGrantIdOrderAfterTheCursor()
    {
        var key = await CreateKeyAsync();
        var otherKey = await CreateKeyAsync();
        var grants = new List<GrantRecord>();
        for (var i = 0; i < 5; i++)
        {
            grants.Add(await Store.CreateGrantAsync(NewGrant(key, null), CancellationToken.None).WithTimeout());
        }

        await Store.CreateGrantAsync(NewGrant(otherKey, null), CancellationToken.None).WithTimeout();
        var expected = grants.Select(g => g.GrantId).Order(StringComparer.Ordinal).ToList();

        var first = await Store.ListGrantsAsync(key.KeyId, null, null, null, 2, CancellationToken.None).WithTimeout();
        var second = await Store.ListGrantsAsync(key.KeyId, null, null, first[^1].GrantId, 2, CancellationToken.None).WithTimeout();
        var last = await Store.ListGrantsAsync(key.KeyId, null, null, second[^1].GrantId, 2, CancellationToken.None).WithTimeout();

        Assert.Equal(expected, first.Concat(second).Concat(last).Select(g => g.GrantId));
        Assert.Single(last);
        Assert.Empty(await Store.ListGrantsAsync(key.KeyId, null, null, last[^1].GrantId, 2, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task ListGrants_FilteredByGrantIdOrGrantee_ReturnsOnlyMatches()
    {
        var key = await CreateKeyAsync();
        var mine = new[] { NewGrant(key, null), NewGrant(key, null) };
        var theirs = NewGrant(key, null) with { GranteePrincipal = OtherGrantee };
        foreach (var grant in mine.Append(theirs))
        {
            await Store.CreateGrantAsync(grant, CancellationToken.None).WithTimeout();
        }

        var byGrantee = await Store.ListGrantsAsync(key.KeyId, null, OtherGrantee, null, 100, CancellationToken.None).WithTimeout();
        var byId = await Store.ListGrantsAsync(key.KeyId, mine[1].GrantId, null, null, 100, CancellationToken.None).WithTimeout();
        var byBoth = await Store.ListGrantsAsync(key.KeyId, mine[1].GrantId, OtherGrantee, null, 100, CancellationToken.None).WithTimeout();
        var byIdOnOtherKey = await Store.ListGrantsAsync(NewKeyId(), mine[1].GrantId, null, null, 100, CancellationToken.None).WithTimeout();

        AssertSameGrant(theirs, Assert.Single(byGrantee));
        AssertSameGrant(mine[1], Assert.Single(byId));
        Assert.Empty(byBoth);
        Assert.Empty(byIdOnOtherKey);
    }

    [Fact]
    public async Task ListRetirableGrants_AcrossKeysAndAccounts_PagesThatRetirersGrantsInGrantIdOrder()
    {
        var key = await CreateKeyAsync();
        var foreignKey = await CreateKeyAsync(NewKey(account: OtherAccount, region: OtherRegion));
        var retirable = new List<GrantRecord>
        {
            NewGrant(key, null) with { RetiringPrincipal = Retirer },
            NewGrant(key, "named") with { RetiringPrincipal = Retirer },
            NewGrant(foreignKey, null) with { RetiringPrincipal = Retirer },
        };
        foreach (var grant in retirable.Append(NewGrant(key, null)).Append(NewGrant(key, null) with { RetiringPrincipal = Grantee }))
        {
            await Store.CreateGrantAsync(grant, CancellationToken.None).WithTimeout();
        }

        var first = await Store.ListRetirableGrantsAsync(Retirer, null, 2, CancellationToken.None).WithTimeout();
        var rest = await Store.ListRetirableGrantsAsync(Retirer, first[^1].GrantId, 2, CancellationToken.None).WithTimeout();

        Assert.Equal(retirable.Select(g => g.GrantId).Order(StringComparer.Ordinal), first.Concat(rest).Select(g => g.GrantId));
        Assert.Single(rest);
        Assert.Empty(await Store.ListRetirableGrantsAsync("arn:aws:iam::111122223333:user/nobody", null, 10, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task GetGrantsForGrantee_SeveralKeysAndGrantees_ReturnsOnlyThatGranteesGrantsOnThatKey()
    {
        var key = await CreateKeyAsync();
        var otherKey = await CreateKeyAsync();
        var wanted = new[] { NewGrant(key, null), NewGrant(key, "second") with { Operations = ["Sign"] } };
        foreach (var grant in wanted.Append(NewGrant(key, null) with { GranteePrincipal = OtherGrantee }).Append(NewGrant(otherKey, null)))
        {
            await Store.CreateGrantAsync(grant, CancellationToken.None).WithTimeout();
        }

        var found = await Store.GetGrantsForGranteeAsync(key.KeyId, Grantee, CancellationToken.None).WithTimeout();

        Assert.Equal(wanted.Select(g => g.GrantId).Order(StringComparer.Ordinal), found.Select(g => g.GrantId));
        Assert.Empty(await Store.GetGrantsForGranteeAsync(key.KeyId, Retirer, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task DeleteGrant_Existing_RemovesOnlyThatGrant()
    {
        var key = await CreateKeyAsync();
        var retired = NewGrant(key, null);
        var kept = NewGrant(key, null);
        await Store.CreateGrantAsync(retired, CancellationToken.None).WithTimeout();
        await Store.CreateGrantAsync(kept, CancellationToken.None).WithTimeout();

        Assert.True(await Store.DeleteGrantAsync(key.KeyId, retired.GrantId, CancellationToken.None).WithTimeout());

        Assert.Null(await Store.GetGrantAsync(key.KeyId, retired.GrantId, CancellationToken.None).WithTimeout());
        Assert.Null(await Store.GetGrantByTokenAsync(retired.GrantToken, CancellationToken.None).WithTimeout());
        AssertSameGrant(kept, Assert.Single(await Store.ListGrantsAsync(key.KeyId, null, null, null, 100, CancellationToken.None).WithTimeout()));
        Assert.False(await Store.DeleteGrantAsync(key.KeyId, retired.GrantId, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task DeleteGrant_UnknownOrOtherKey_ReturnsFalseAndKeepsGrant()
    {
        var key = await CreateKeyAsync();
        var grant = NewGrant(key, null);
        await Store.CreateGrantAsync(grant, CancellationToken.None).WithTimeout();

        Assert.False(await Store.DeleteGrantAsync(NewKeyId(), grant.GrantId, CancellationToken.None).WithTimeout());
        Assert.False(await Store.DeleteGrantAsync(key.KeyId, NewGrantId(), CancellationToken.None).WithTimeout());

        Assert.NotNull(await Store.GetGrantAsync(key.KeyId, grant.GrantId, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task DeleteKey_WithGrants_RemovesItsGrantsOnly()
    {
        var key = await CreateKeyAsync();
        var survivor = await CreateKeyAsync();
        var doomed = NewGrant(key, "doomed") with { RetiringPrincipal = Retirer };
        await Store.CreateGrantAsync(doomed, CancellationToken.None).WithTimeout();
        await Store.CreateGrantAsync(NewGrant(key, null), CancellationToken.None).WithTimeout();
        var kept = NewGrant(survivor, null) with { RetiringPrincipal = Retirer };
        await Store.CreateGrantAsync(kept, CancellationToken.None).WithTimeout();

        Assert.True(await Store.DeleteKeyAsync(key, CancellationToken.None).WithTimeout());

        Assert.Empty(await Store.ListGrantsAsync(key.KeyId, null, null, null, 100, CancellationToken.None).WithTimeout());
        Assert.Null(await Store.GetGrantByTokenAsync(doomed.GrantToken, CancellationToken.None).WithTimeout());
        AssertSameGrant(kept, Assert.Single(await Store.ListRetirableGrantsAsync(Retirer, null, 100, CancellationToken.None).WithTimeout()));
    }

    [Fact]
    public async Task DeleteKey_StaleRowVersion_KeepsItsGrants()
    {
        var key = await CreateKeyAsync();
        var grant = NewGrant(key, null);
        await Store.CreateGrantAsync(grant, CancellationToken.None).WithTimeout();
        await Store.UpdateKeyAsync(key with { State = KeyState.Disabled }, CancellationToken.None).WithTimeout();

        Assert.False(await Store.DeleteKeyAsync(key, CancellationToken.None).WithTimeout());

        AssertSameGrant(grant, await Store.GetGrantAsync(key.KeyId, grant.GrantId, CancellationToken.None).WithTimeout());
    }

    protected static string NewGrantId() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    protected static GrantRecord NewGrant(KeyRecord key, string? name) => new()
    {
        GrantId = NewGrantId(),
        AccountId = key.AccountId,
        Region = key.Region,
        KeyId = key.KeyId,
        Name = name,
        GranteePrincipal = Grantee,
        IssuingAccount = $"arn:aws:iam::{key.AccountId}:root",
        Operations = ["Encrypt", "Decrypt"],
        GrantToken = "AQpAM2" + Guid.NewGuid().ToString("N"),
        CreationDate = T0,
    };

    /// <summary>Records with list and dictionary members compare those by reference, so compare them by content here.</summary>
    protected static void AssertSameGrant(GrantRecord expected, GrantRecord? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(WithoutCollections(expected), WithoutCollections(actual));
        Assert.Equal(expected.Operations, actual.Operations);
        Assert.Equal(Sorted(expected.EncryptionContextEquals), Sorted(actual.EncryptionContextEquals));
        Assert.Equal(Sorted(expected.EncryptionContextSubset), Sorted(actual.EncryptionContextSubset));

        static GrantRecord WithoutCollections(GrantRecord grant) =>
            grant with { Operations = NoOperations, EncryptionContextEquals = null, EncryptionContextSubset = null };

        static List<KeyValuePair<string, string>>? Sorted(IReadOnlyDictionary<string, string>? context) =>
            context?.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToList();
    }
}

using Keyhold.Core.Storage;

namespace Keyhold.Storage.Tests.Postgres;

/// <summary>
/// Races between two nodes (two stores, two connection pools) that READ COMMITTED alone would get wrong; each one is
/// decided by a row lock the store takes on purpose (see docs/designs/storage-postgres.md).
/// </summary>
public sealed partial class PostgresKeyholdStoreTests
{
    private const int Rounds = 8;

    [Fact]
    public async Task UpdateAlias_ManyRacersExpectingSameTargetOnTwoNodes_ExactlyOneWinsAndHistoryAgrees()
    {
        var otherNode = await OpenMigratedNodeAsync();
        var current = await CreateKeyAsync();
        await CreateAliasAsync("alias/application-current", current);
        var candidates = new List<Core.Keys.KeyRecord>();
        for (var i = 0; i < 8; i++)
        {
            candidates.Add(await CreateKeyAsync());
        }

        var results = await Task.WhenAll(candidates.Select((candidate, i) => Task.Run(() => (i % 2 == 0 ? Store : otherNode).UpdateAliasAsync(
            Account, Region, "alias/application-current", candidate.KeyId, T0.AddDays(1), Bob, current.KeyId, CancellationToken.None)))).WithTimeout();

        Assert.Single(results, won => won);
        var winner = candidates[Array.IndexOf(results, true)].KeyId;
        Assert.Equal(winner, (await Store.GetAliasAsync(Account, Region, "alias/application-current", CancellationToken.None).WithTimeout())!.TargetKeyId);
        var history = await Store.GetAliasHistoryAsync(Account, Region, "alias/application-current", CancellationToken.None).WithTimeout();
        Assert.Equal([("Create", current.KeyId, (string?)null), ("Update", winner, current.KeyId)], history.Select(h => (h.Change, h.TargetKeyId!, h.PreviousTargetKeyId)));
    }

    [Fact]
    public async Task DeleteKey_RacingCreateAliasForItOnTwoNodes_NeverLeavesAnAliasOfAMissingKey()
    {
        var otherNode = await OpenMigratedNodeAsync();
        for (var round = 0; round < Rounds; round++)
        {
            var key = await CreateKeyAsync();
            var name = $"alias/race-{round}";

            var delete = Task.Run(() => Store.DeleteKeyAsync(key, CancellationToken.None));
            var create = Task.Run(() => WinsAsync(() => otherNode.CreateAliasAsync(NewAlias(name, key), Alice, CancellationToken.None)));

            Assert.True(await delete.WithTimeout());
            var created = await create.WithTimeout();
            Assert.Null(await Store.GetAliasAsync(Account, Region, name, CancellationToken.None).WithTimeout());
            var history = await Store.GetAliasHistoryAsync(Account, Region, name, CancellationToken.None).WithTimeout();
            Assert.Equal(created ? ["Create", "Delete"] : [], history.Select(h => h.Change));
        }
    }

    [Fact]
    public async Task RecordUsage_RacingDeleteKeyOnTwoNodes_NeverFailsAndLeavesNoUsage()
    {
        var otherNode = await OpenMigratedNodeAsync();
        for (var round = 0; round < Rounds; round++)
        {
            var key = await CreateKeyAsync();
            var survivor = await CreateKeyAsync();

            var delete = Task.Run(() => Store.DeleteKeyAsync(key, CancellationToken.None));
            var flush = Task.Run(() => otherNode.RecordUsageAsync(
                [new(key.KeyId, "Decrypt", T0, "r1", 1, 1), new(survivor.KeyId, "Decrypt", T0, "r2", 1, 1)], CancellationToken.None));

            Assert.True(await delete.WithTimeout());
            await flush.WithTimeout();
            Assert.Null(await Store.GetKeyUsageAsync(key.KeyId, CancellationToken.None).WithTimeout());
            Assert.Equal("r2", (await Store.GetKeyUsageAsync(survivor.KeyId, CancellationToken.None).WithTimeout())!.LastRequestId);
        }
    }

    [Fact]
    public async Task UpdateTags_RacingDeleteKeyOnTwoNodes_ConflictsOrIsDeletedWithTheKey()
    {
        var otherNode = await OpenMigratedNodeAsync();
        for (var round = 0; round < Rounds; round++)
        {
            var key = await CreateKeyAsync();

            var delete = Task.Run(() => Store.DeleteKeyAsync(key, CancellationToken.None));
            var tag = Task.Run(() => WinsAsync(() => otherNode.UpdateTagsAsync(key.KeyId, [new("env", "prod")], [], CancellationToken.None)));

            Assert.True(await delete.WithTimeout());
            await tag.WithTimeout();
            Assert.Empty(await Store.GetTagsAsync(key.KeyId, CancellationToken.None).WithTimeout());
        }
    }

    [Fact]
    public async Task CreateGrant_RacingDeleteKeyOnTwoNodes_ConflictsOrIsDeletedWithTheKey()
    {
        var otherNode = await OpenMigratedNodeAsync();
        for (var round = 0; round < Rounds; round++)
        {
            var key = await CreateKeyAsync();
            var grant = NewGrant(key, round % 2 == 0 ? "named" : null);

            var delete = Task.Run(() => Store.DeleteKeyAsync(key, CancellationToken.None));
            var create = Task.Run(() => WinsAsync(() => otherNode.CreateGrantAsync(grant, CancellationToken.None)));

            Assert.True(await delete.WithTimeout());
            await create.WithTimeout();
            Assert.Null(await Store.GetGrantByTokenAsync(grant.GrantToken, CancellationToken.None).WithTimeout());
        }
    }

    private async Task<IKeyholdStore> OpenMigratedNodeAsync()
    {
        var node = OpenStore();
        await node.MigrateAsync(CancellationToken.None).WithTimeout();
        return node;
    }
}

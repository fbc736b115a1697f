using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Server.Tests.Infrastructure;

namespace Keyhold.Server.Tests.Operations.Aliases;

public sealed class ListAliasesHandlerTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly TestServer _server = fixture.Server;
    private readonly AmazonKeyManagementServiceClient _client = fixture.Server.CreateClient();

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task ListAliases_KeyIdFilter_ReturnsOnlyThatKeysAliases()
    {
        var key = await _client.CreateTestKeyAsync();
        var other = await _client.CreateTestKeyAsync();
        var prefix = $"alias/filter-{Guid.NewGuid():N}";
        await _client.CreateAliasForAsync(prefix + "-b", key.KeyId);
        await _client.CreateAliasForAsync(prefix + "-a", key.KeyId);
        await _client.CreateAliasForAsync(prefix + "-c", other.KeyId);

        var byId = await _client.ListAllAliasesAsync(key.KeyId);
        var byArn = await _client.ListAllAliasesAsync(key.Arn);

        Assert.Equal([prefix + "-a", prefix + "-b"], byId.Select(a => a.AliasName));
        Assert.Equal(byId.Select(a => a.AliasName), byArn.Select(a => a.AliasName));
        Assert.All(byId, a => Assert.Equal(key.KeyId, a.TargetKeyId));
        Assert.Equal(prefix + "-c", Assert.Single(await _client.ListAllAliasesAsync(other.KeyId)).AliasName);
    }

    [Fact]
    public async Task ListAliases_Entry_HasAliasArnTargetAndDates()
    {
        var key = await _client.CreateTestKeyAsync();
        var alias = $"alias/entry-{Guid.NewGuid():N}";
        var before = DateTime.UtcNow;
        await _client.CreateAliasForAsync(alias, key.KeyId);
        var after = DateTime.UtcNow;

        var entry = Assert.Single(await _client.ListAllAliasesAsync(key.KeyId));

        Assert.Equal(alias, entry.AliasName);
        Assert.Equal($"arn:aws:kms:us-east-1:{_server.AccountId}:{alias}", entry.AliasArn);
        Assert.Equal(key.KeyId, entry.TargetKeyId);
        Assert.InRange(entry.CreationDate!.Value.ToUniversalTime(), before.AddSeconds(-1), after.AddSeconds(1));
        Assert.Equal(entry.CreationDate, entry.LastUpdatedDate);
    }

    [Fact]
    public async Task ListAliases_LimitAndMarker_PagesThroughEveryAliasOnceInNameOrder()
    {
        var key = await _client.CreateTestKeyAsync();
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var alias = $"alias/page-{Guid.NewGuid():N}";
            await _client.CreateAliasForAsync(alias, key.KeyId);
            created.Add(alias);
        }

        var seen = new List<string>();
        string? marker = null;
        do
        {
            var page = await _client.ListAliasesAsync(new ListAliasesRequest { Limit = 2, Marker = marker }).WithTimeout();
            Assert.InRange(page.Aliases.Count, 1, 2);
            seen.AddRange(page.Aliases.Select(a => a.AliasName));
            marker = page.Truncated == true ? page.NextMarker : null;
            Assert.Equal(page.Truncated == true, page.NextMarker is not null);
        }
        while (marker is not null);

        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        Assert.Superset(created.ToHashSet(), seen.ToHashSet());
    }

    [Fact]
    public async Task ListAliases_KeyWithoutAliases_ReturnsEmptyUntruncated()
    {
        var key = await _client.CreateTestKeyAsync();

        var response = await _client.ListAliasesAsync(new ListAliasesRequest { KeyId = key.KeyId }).WithTimeout();

        Assert.Empty(response.Aliases ?? []);
        Assert.False(response.Truncated);
    }

    [Fact]
    public async Task ListAliases_UnknownKeyId_ThrowsNotFound()
    {
        await KmsAssert.ThrowsAsync<NotFoundException>(() => _client.ListAliasesAsync(new ListAliasesRequest { KeyId = Guid.NewGuid().ToString() }));
    }

    [Fact]
    public async Task ListAliases_BadMarker_ThrowsInvalidMarker()
    {
        await KmsAssert.ThrowsAsync<InvalidMarkerException>(() => _client.ListAliasesAsync(new ListAliasesRequest { Marker = "not-a-marker" }));
    }

    [Theory]
    [InlineData(0)]
    public async Task ListAliases_LimitZero_ThrowsValidation(int limit)
    {
        await KmsAssert.ValidationAsync(
            () => _client.ListAliasesAsync(new ListAliasesRequest { Limit = limit }),
            "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1");
    }
}

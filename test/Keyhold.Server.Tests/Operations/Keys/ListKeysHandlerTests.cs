using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Server.Tests.Infrastructure;

namespace Keyhold.Server.Tests.Operations.Keys;

public sealed class ListKeysHandlerTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly TestServer _server = fixture.Server;
    private readonly AmazonKeyManagementServiceClient _client = fixture.Server.CreateClient();

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task ListKeys_LimitTwo_PagesThroughEveryKeyOnceInOrder()
    {
        var created = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            created.Add((await _client.CreateTestKeyAsync()).KeyId);
        }

        var seen = new List<KeyListEntry>();
        string? marker = null;
        var pages = 0;
        while (true)
        {
            var page = await _client.ListKeysAsync(new ListKeysRequest { Limit = 2, Marker = marker }).WithTimeout();
            pages++;
            Assert.InRange(page.Keys.Count, 1, 2);
            seen.AddRange(page.Keys);
            if (page.Truncated != true)
            {
                Assert.Null(page.NextMarker);
                break;
            }

            Assert.Equal(2, page.Keys.Count);
            Assert.NotNull(page.NextMarker);
            marker = page.NextMarker;
        }

        var ids = seen.Select(k => k.KeyId).ToList();
        Assert.Equal(ids.Distinct().Count(), ids.Count);
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Superset(created.ToHashSet(), ids.ToHashSet());
        Assert.Equal((ids.Count + 1) / 2, pages);
        Assert.All(seen, k => Assert.Equal($"arn:aws:kms:us-east-1:{_server.AccountId}:key/{k.KeyId}", k.KeyArn));
    }

    [Fact]
    public async Task ListKeys_NoLimit_ReturnsEveryKeyUntruncated()
    {
        var key = await _client.CreateTestKeyAsync();

        var response = await _client.ListKeysAsync(new ListKeysRequest()).WithTimeout();

        Assert.False(response.Truncated);
        Assert.Null(response.NextMarker);
        Assert.Contains(response.Keys, k => k.KeyId == key.KeyId && k.KeyArn == key.Arn);
    }

    [Fact]
    public async Task ListKeys_MarkerFromListAliases_ThrowsInvalidMarker()
    {
        var key = await _client.CreateTestKeyAsync();
        await _client.CreateAliasForAsync($"alias/a-{Guid.NewGuid():N}", key.KeyId);
        await _client.CreateAliasForAsync($"alias/b-{Guid.NewGuid():N}", key.KeyId);
        var aliasPage = await _client.ListAliasesAsync(new ListAliasesRequest { Limit = 1 }).WithTimeout();
        Assert.True(aliasPage.Truncated);

        await KmsAssert.ThrowsAsync<InvalidMarkerException>(() => _client.ListKeysAsync(new ListKeysRequest { Marker = aliasPage.NextMarker }));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("!!!")]
    [InlineData("a2V5czo")]
    public async Task ListKeys_BadMarker_ThrowsInvalidMarker(string marker)
    {
        await KmsAssert.ThrowsAsync<InvalidMarkerException>(() => _client.ListKeysAsync(new ListKeysRequest { Marker = marker }));
    }

    [Theory]
    [InlineData(0, "greater than or equal to 1")]
    [InlineData(1001, "less than or equal to 1000")]
    public async Task ListKeys_LimitOutOfRange_ThrowsValidation(int limit, string constraint)
    {
        await KmsAssert.ValidationAsync(
            () => _client.ListKeysAsync(new ListKeysRequest { Limit = limit }),
            $"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value {constraint}");
    }
}

using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Server.Tests.Infrastructure;

namespace Keyhold.Server.Tests.Operations.Tags;

public sealed class ListResourceTagsHandlerTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly AmazonKeyManagementServiceClient _client = fixture.Server.CreateClient();

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task ListResourceTags_LimitTwo_PagesThroughEveryTagOnceInKeyOrder()
    {
        var key = (await _client.CreateKeyAsync(new CreateKeyRequest
        {
            Tags = new[] { "e", "a", "d", "b", "c" }.Select(k => new Tag { TagKey = k, TagValue = k.ToUpperInvariant() }).ToList(),
        }).WithTimeout()).KeyMetadata;

        var seen = new List<Tag>();
        string? marker = null;
        var pages = 0;
        do
        {
            var page = await _client.ListResourceTagsAsync(new ListResourceTagsRequest { KeyId = key.KeyId, Limit = 2, Marker = marker }).WithTimeout();
            pages++;
            seen.AddRange(page.Tags);
            marker = page.Truncated == true ? page.NextMarker : null;
            Assert.Equal(page.Truncated == true, page.NextMarker is not null);
        }
        while (marker is not null);

        Assert.Equal(3, pages);
        Assert.Equal(["a", "b", "c", "d", "e"], seen.Select(t => t.TagKey));
        Assert.Equal(["A", "B", "C", "D", "E"], seen.Select(t => t.TagValue));
    }

    [Fact]
    public async Task ListResourceTags_KeyWithoutTags_ReturnsEmptyUntruncated()
    {
        var key = await _client.CreateTestKeyAsync();

        var response = await _client.ListResourceTagsAsync(new ListResourceTagsRequest { KeyId = key.Arn }).WithTimeout();

        Assert.Empty(response.Tags ?? []);
        Assert.False(response.Truncated);
        Assert.Null(response.NextMarker);
    }

    [Fact]
    public async Task ListResourceTags_BadMarker_ThrowsInvalidMarker()
    {
        var key = await _client.CreateTestKeyAsync();

        await KmsAssert.ThrowsAsync<InvalidMarkerException>(
            () => _client.ListResourceTagsAsync(new ListResourceTagsRequest { KeyId = key.KeyId, Marker = "bogus" }));
    }

    [Fact]
    public async Task ListResourceTags_UnknownKey_ThrowsNotFound()
    {
        await KmsAssert.ThrowsAsync<NotFoundException>(
            () => _client.ListResourceTagsAsync(new ListResourceTagsRequest { KeyId = Guid.NewGuid().ToString() }));
    }
}

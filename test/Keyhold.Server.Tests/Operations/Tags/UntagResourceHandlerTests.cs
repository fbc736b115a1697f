using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Server.Tests.Infrastructure;

namespace Keyhold.Server.Tests.Operations.Tags;

public sealed class UntagResourceHandlerTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly AmazonKeyManagementServiceClient _client = fixture.Server.CreateClient();

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task UntagResource_SomeTagKeys_RemovesOnlyThose()
    {
        var key = await CreateTaggedKeyAsync();

        await _client.UntagResourceAsync(new UntagResourceRequest { KeyId = key.KeyId, TagKeys = ["team", "env"] }).WithTimeout();

        Assert.Equal(new Dictionary<string, string> { ["owner"] = "ops" }, await _client.ListTagsAsync(key.KeyId));
    }

    [Fact]
    public async Task UntagResource_TagKeyNotPresent_IsIgnored()
    {
        var key = await CreateTaggedKeyAsync();

        await _client.UntagResourceAsync(new UntagResourceRequest { KeyId = key.Arn, TagKeys = ["never-set"] }).WithTimeout();

        Assert.Equal(3, (await _client.ListTagsAsync(key.KeyId)).Count);
    }

    [Fact]
    public async Task UntagResource_ThenTagAgain_AddsTheTagBack()
    {
        var key = await CreateTaggedKeyAsync();
        await _client.UntagResourceAsync(new UntagResourceRequest { KeyId = key.KeyId, TagKeys = ["team"] }).WithTimeout();

        await _client.TagResourceAsync(new TagResourceRequest { KeyId = key.KeyId, Tags = [new Tag { TagKey = "team", TagValue = "new" }] }).WithTimeout();

        Assert.Equal("new", (await _client.ListTagsAsync(key.KeyId))["team"]);
    }

    [Fact]
    public async Task UntagResource_UnknownKey_ThrowsNotFound()
    {
        await KmsAssert.ThrowsAsync<NotFoundException>(
            () => _client.UntagResourceAsync(new UntagResourceRequest { KeyId = Guid.NewGuid().ToString(), TagKeys = ["team"] }));
    }

    private async Task<KeyMetadata> CreateTaggedKeyAsync() =>
        (await _client.CreateKeyAsync(new CreateKeyRequest
        {
            Tags =
            [
                new Tag { TagKey = "team", TagValue = "payments" },
                new Tag { TagKey = "env", TagValue = "prod" },
                new Tag { TagKey = "owner", TagValue = "ops" },
            ],
        }).WithTimeout()).KeyMetadata;
}

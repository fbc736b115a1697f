using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Server.Tests.Infrastructure;

namespace Keyhold.Server.Tests.Operations.Tags;

public sealed class TagResourceHandlerTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly AmazonKeyManagementServiceClient _client = fixture.Server.CreateClient();

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task TagResource_NewTags_AreListed()
    {
        var key = await _client.CreateTestKeyAsync();

        await TagAsync(key.KeyId, ("team", "payments"), ("cost-center", "42"), ("empty", string.Empty));

        Assert.Equal(
            new Dictionary<string, string> { ["cost-center"] = "42", ["empty"] = string.Empty, ["team"] = "payments" },
            await _client.ListTagsAsync(key.KeyId));
    }

    [Fact]
    public async Task TagResource_ExistingTagKey_OverwritesValue()
    {
        var key = await _client.CreateTestKeyAsync();
        await TagAsync(key.KeyId, ("team", "payments"), ("env", "prod"));

        await TagAsync(key.Arn, ("team", "billing"));

        Assert.Equal(new Dictionary<string, string> { ["env"] = "prod", ["team"] = "billing" }, await _client.ListTagsAsync(key.KeyId));
    }

    [Fact]
    public async Task TagResource_FiftyTags_Succeeds()
    {
        var key = await _client.CreateTestKeyAsync();

        await TagAsync(key.KeyId, Numbered(0, 50));

        Assert.Equal(50, (await _client.ListTagsAsync(key.KeyId)).Count);
    }

    [Fact]
    public async Task TagResource_FiftyOneTags_ThrowsTooManyTags()
    {
        var key = await _client.CreateTestKeyAsync();

        await KmsAssert.ThrowsAsync<TagException>(() => TagAsync(key.KeyId, Numbered(0, 51)), "Too many tags");
        Assert.Empty(await _client.ListTagsAsync(key.KeyId));
    }

    [Fact]
    public async Task TagResource_NewTagsBeyondFiftyInTotal_ThrowsTooManyTags()
    {
        var key = await _client.CreateTestKeyAsync();
        await TagAsync(key.KeyId, Numbered(0, 30));

        await KmsAssert.ThrowsAsync<TagException>(() => TagAsync(key.KeyId, Numbered(30, 21)), "Too many tags");
        Assert.Equal(30, (await _client.ListTagsAsync(key.KeyId)).Count);
    }

    [Fact]
    public async Task TagResource_OverwritingTagsAtTheLimit_Succeeds()
    {
        var key = await _client.CreateTestKeyAsync();
        await TagAsync(key.KeyId, Numbered(0, 50));

        await TagAsync(key.KeyId, ("k0", "changed"), ("k49", "changed"));

        var tags = await _client.ListTagsAsync(key.KeyId);
        Assert.Equal(50, tags.Count);
        Assert.Equal("changed", tags["k0"]);
    }

    [Theory]
    [InlineData("aws:team")]
    [InlineData("AWS:team")]
    [InlineData("Aws:team")]
    public async Task TagResource_AwsPrefixedTagKey_ThrowsReservedTag(string tagKey)
    {
        var key = await _client.CreateTestKeyAsync();

        await KmsAssert.ThrowsAsync<TagException>(() => TagAsync(key.KeyId, ("fine", "x"), (tagKey, "x")), "Tags beginning with aws: are reserved");
        Assert.Empty(await _client.ListTagsAsync(key.KeyId));
    }

    [Fact]
    public async Task TagResource_DuplicateTagKeys_ThrowsDuplicateTagKeys()
    {
        var key = await _client.CreateTestKeyAsync();

        await KmsAssert.ThrowsAsync<TagException>(() => TagAsync(key.KeyId, ("team", "a"), ("team", "b")), "Duplicate tag keys");
        Assert.Empty(await _client.ListTagsAsync(key.KeyId));
    }

    [Fact]
    public async Task TagResource_TagKeyTooLong_ThrowsRecordedValidation()
    {
        var key = await _client.CreateTestKeyAsync();
        var tagKey = new string('a', 129);

        await KmsAssert.ValidationAsync(
            () => TagAsync(key.KeyId, (tagKey, "x")),
            $"1 validation error detected: Value '{tagKey}' at 'tags.1.member.tagKey' failed to satisfy constraint: Member must have length less than or equal to 128");
    }

    [Fact]
    public async Task TagResource_SecondTagValueTooLong_NamesItsPosition()
    {
        var key = await _client.CreateTestKeyAsync();
        var value = new string('v', 257);

        await KmsAssert.ValidationAsync(
            () => TagAsync(key.KeyId, ("ok", "x"), ("long", value)),
            $"1 validation error detected: Value '{value}' at 'tags.2.member.tagValue' failed to satisfy constraint: Member must have length less than or equal to 256");
    }

    [Fact]
    public async Task TagResource_UnknownKey_ThrowsNotFound()
    {
        await KmsAssert.ThrowsAsync<NotFoundException>(() => TagAsync(Guid.NewGuid().ToString(), ("team", "x")));
    }

    private static (string Key, string Value)[] Numbered(int start, int count) =>
        Enumerable.Range(start, count).Select(i => ($"k{i}", $"v{i}")).ToArray();

    private Task<TagResourceResponse> TagAsync(string keyId, params (string Key, string Value)[] tags) =>
        _client.TagResourceAsync(new TagResourceRequest
        {
            KeyId = keyId,
            Tags = tags.Select(t => new Tag { TagKey = t.Key, TagValue = t.Value }).ToList(),
        }).WithTimeout();
}

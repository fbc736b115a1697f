using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Server.Tests.Infrastructure;

namespace Keyhold.Server.Tests.Operations.Policies;

public sealed class PutKeyPolicyHandlerTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly string _policy =
        "{\"Version\":\"2012-10-17\",\"Id\":\"custom\",\"Statement\":[{\"Sid\":\"root\",\"Effect\":\"Allow\","
        + $"\"Principal\":{{\"AWS\":\"arn:aws:iam::{fixture.Server.AccountId}:root\"}},\"Action\":\"kms:*\",\"Resource\":\"*\"}},"
        + "{\"Sid\":\"deny-delete\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"kms:ScheduleKeyDeletion\",\"Resource\":\"*\"}]}";

    private readonly AmazonKeyManagementServiceClient _client = fixture.Server.CreateClient();

    public void Dispose() => _client.Dispose();

    [Theory]
    [InlineData(null)]
    [InlineData("default")]
    public async Task PutKeyPolicy_ThenGetKeyPolicy_ReturnsItVerbatim(string? policyName)
    {
        var key = await _client.CreateTestKeyAsync();

        await _client.PutKeyPolicyAsync(new PutKeyPolicyRequest { KeyId = key.KeyId, PolicyName = policyName, Policy = _policy }).WithTimeout();

        Assert.Equal(_policy, await _client.GetPolicyAsync(key.KeyId));
    }

    [Fact]
    public async Task PutKeyPolicy_PolicyCopiedFromOldKey_NewKeyGetsTheSameDocument()
    {
        // The user's flow: read the old key's policy and put it on its replacement, unchanged.
        var oldKey = (await _client.CreateKeyAsync(new CreateKeyRequest { Policy = _policy }).WithTimeout()).KeyMetadata;
        var newKey = await _client.CreateTestKeyAsync();
        var oldPolicy = await _client.GetKeyPolicyAsync(new GetKeyPolicyRequest { KeyId = oldKey.Arn, PolicyName = "default" }).WithTimeout();

        await _client.PutKeyPolicyAsync(new PutKeyPolicyRequest { KeyId = newKey.Arn, PolicyName = oldPolicy.PolicyName, Policy = oldPolicy.Policy }).WithTimeout();

        Assert.Equal(oldPolicy.Policy, await _client.GetPolicyAsync(newKey.KeyId));
        Assert.Equal(_policy, await _client.GetPolicyAsync(oldKey.KeyId));
    }

    [Fact]
    public async Task PutKeyPolicy_DefaultPolicyOfAnotherKey_RoundTrips()
    {
        var first = await _client.CreateTestKeyAsync();
        var second = (await _client.CreateKeyAsync(new CreateKeyRequest { Policy = _policy }).WithTimeout()).KeyMetadata;
        var defaultPolicy = await _client.GetPolicyAsync(first.KeyId);

        await _client.PutKeyPolicyAsync(new PutKeyPolicyRequest { KeyId = second.KeyId, Policy = defaultPolicy }).WithTimeout();

        Assert.Equal(defaultPolicy, await _client.GetPolicyAsync(second.KeyId));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("[]")]
    [InlineData("{\"Version\":\"2012-10-17\"}")]
    [InlineData("{\"Version\":\"2012-10-17\",\"Statement\":[]}")]
    [InlineData("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\"}]}")]
    [InlineData("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"*\"}]}")]
    [InlineData("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Maybe\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"*\"}]}")]
    [InlineData("{\"Version\":\"2001-01-01\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"*\"}]}")]
    public async Task PutKeyPolicy_MalformedPolicy_ThrowsMalformedPolicyDocumentAndKeepsOldPolicy(string policy)
    {
        var key = await _client.CreateTestKeyAsync();
        var before = await _client.GetPolicyAsync(key.KeyId);

        await KmsAssert.ThrowsAsync<MalformedPolicyDocumentException>(
            () => _client.PutKeyPolicyAsync(new PutKeyPolicyRequest { KeyId = key.KeyId, Policy = policy }));

        Assert.Equal(before, await _client.GetPolicyAsync(key.KeyId));
    }

    [Fact]
    public async Task PutKeyPolicy_OtherPolicyName_ThrowsNotFound()
    {
        var key = await _client.CreateTestKeyAsync();

        await KmsAssert.ThrowsAsync<NotFoundException>(
            () => _client.PutKeyPolicyAsync(new PutKeyPolicyRequest { KeyId = key.KeyId, PolicyName = "other", Policy = _policy }));
    }

    [Fact]
    public async Task PutKeyPolicy_UnknownKey_ThrowsNotFound()
    {
        await KmsAssert.ThrowsAsync<NotFoundException>(
            () => _client.PutKeyPolicyAsync(new PutKeyPolicyRequest { KeyId = Guid.NewGuid().ToString(), Policy = _policy }));
    }
}

using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Server.Tests.Infrastructure;

namespace Keyhold.Server.Tests.Operations.Policies;

public sealed class GetKeyPolicyHandlerTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly AmazonKeyManagementServiceClient _client = fixture.Server.CreateClient();

    public void Dispose() => _client.Dispose();

    [Theory]
    [InlineData(null)]
    [InlineData("default")]
    public async Task GetKeyPolicy_DefaultOrOmittedPolicyName_ReturnsThePolicy(string? policyName)
    {
        var key = await _client.CreateTestKeyAsync();

        var response = await _client.GetKeyPolicyAsync(new GetKeyPolicyRequest { KeyId = key.KeyId, PolicyName = policyName }).WithTimeout();

        Assert.Equal("default", response.PolicyName);
        Assert.Contains($"arn:aws:iam::{fixture.Server.AccountId}:root", response.Policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetKeyPolicy_ByKeyArn_ReturnsThePolicy()
    {
        var key = await _client.CreateTestKeyAsync();

        Assert.Equal(await _client.GetPolicyAsync(key.KeyId), await _client.GetPolicyAsync(key.Arn));
    }

    [Fact]
    public async Task GetKeyPolicy_OtherPolicyName_ThrowsNotFound()
    {
        var key = await _client.CreateTestKeyAsync();

        await KmsAssert.ThrowsAsync<NotFoundException>(
            () => _client.GetKeyPolicyAsync(new GetKeyPolicyRequest { KeyId = key.KeyId, PolicyName = "custom" }));
    }

    [Fact]
    public async Task GetKeyPolicy_UnknownKey_ThrowsNotFound()
    {
        var keyId = Guid.NewGuid().ToString();

        await KmsAssert.ThrowsAsync<NotFoundException>(
            () => _client.GetKeyPolicyAsync(new GetKeyPolicyRequest { KeyId = keyId }),
            $"Key 'arn:aws:kms:us-east-1:{fixture.Server.AccountId}:key/{keyId}' does not exist");
    }
}

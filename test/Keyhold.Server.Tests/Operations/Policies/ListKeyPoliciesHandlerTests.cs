using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Server.Tests.Infrastructure;

namespace Keyhold.Server.Tests.Operations.Policies;

public sealed class ListKeyPoliciesHandlerTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly AmazonKeyManagementServiceClient _client = fixture.Server.CreateClient();

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task ListKeyPolicies_AnyKey_ReturnsOnlyDefault()
    {
        var key = await _client.CreateTestKeyAsync();

        var response = await _client.ListKeyPoliciesAsync(new ListKeyPoliciesRequest { KeyId = key.Arn }).WithTimeout();

        Assert.Equal(["default"], response.PolicyNames);
        Assert.False(response.Truncated);
        Assert.Null(response.NextMarker);
    }

    [Fact]
    public async Task ListKeyPolicies_UnknownKey_ThrowsNotFound()
    {
        await KmsAssert.ThrowsAsync<NotFoundException>(
            () => _client.ListKeyPoliciesAsync(new ListKeyPoliciesRequest { KeyId = Guid.NewGuid().ToString() }));
    }
}

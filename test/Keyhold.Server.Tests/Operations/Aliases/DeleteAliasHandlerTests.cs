using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Server.Tests.Infrastructure;

namespace Keyhold.Server.Tests.Operations.Aliases;

public sealed class DeleteAliasHandlerTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly TestServer _server = fixture.Server;
    private readonly AmazonKeyManagementServiceClient _client = fixture.Server.CreateClient();

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task DeleteAlias_ExistingAlias_RemovesAliasAndLeavesKey()
    {
        var key = await _client.CreateTestKeyAsync();
        var alias = NewAlias();
        await _client.CreateAliasForAsync(alias, key.KeyId);
        var ciphertext = await _client.EncryptBytesAsync(alias, [5]);

        await _client.DeleteAliasAsync(new DeleteAliasRequest { AliasName = alias }).WithTimeout();

        await KmsAssert.ThrowsAsync<NotFoundException>(
            () => _client.DescribeKeyAsync(new DescribeKeyRequest { KeyId = alias }),
            $"Alias arn:aws:kms:us-east-1:{_server.AccountId}:{alias} is not found.");
        Assert.Empty(await _client.ListAllAliasesAsync(key.KeyId));
        Assert.Equal(KeyState.Enabled, (await _client.DescribeAsync(key.KeyId)).KeyState);
        Assert.Equal([5], await _client.DecryptBytesAsync(ciphertext));
    }

    [Fact]
    public async Task DeleteAlias_ThenCreateSameName_PointsAtTheNewTarget()
    {
        var first = await _client.CreateTestKeyAsync();
        var second = await _client.CreateTestKeyAsync();
        var alias = NewAlias();
        await _client.CreateAliasForAsync(alias, first.KeyId);
        await _client.DeleteAliasAsync(new DeleteAliasRequest { AliasName = alias }).WithTimeout();

        await _client.CreateAliasForAsync(alias, second.KeyId);

        Assert.Equal(second.KeyId, (await _client.DescribeAsync(alias)).KeyId);
    }

    [Fact]
    public async Task DeleteAlias_UnknownAlias_ThrowsNotFound()
    {
        await KmsAssert.ThrowsAsync<NotFoundException>(
            () => _client.DeleteAliasAsync(new DeleteAliasRequest { AliasName = "alias/never-created" }),
            $"Alias arn:aws:kms:us-east-1:{_server.AccountId}:alias/never-created is not found.");
    }

    [Fact]
    public async Task DeleteAlias_WithoutAliasPrefix_ThrowsRecordedValidation()
    {
        await KmsAssert.ValidationAsync(
            () => _client.DeleteAliasAsync(new DeleteAliasRequest { AliasName = "never-created" }),
            "Alias must start with the prefix \"alias/\". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html");
    }

    private static string NewAlias() => $"alias/delete-{Guid.NewGuid():N}";
}

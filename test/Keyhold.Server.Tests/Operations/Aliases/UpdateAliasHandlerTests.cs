using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Server.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Keyhold.Server.Tests.Operations.Aliases;

public sealed class UpdateAliasHandlerTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly TestServer _server = fixture.Server;
    private readonly AmazonKeyManagementServiceClient _client = fixture.Server.CreateClient();

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task UpdateAlias_ExistingAlias_PointsAtTheNewKey()
    {
        var first = await _client.CreateTestKeyAsync();
        var second = await _client.CreateTestKeyAsync();
        var alias = NewAlias();
        await _client.CreateAliasForAsync(alias, first.KeyId);
        var oldCiphertext = await _client.EncryptBytesAsync(alias, [7]);

        await _client.UpdateAliasAsync(new UpdateAliasRequest { AliasName = alias, TargetKeyId = second.Arn }).WithTimeout();

        Assert.Equal(second.KeyId, (await _client.DescribeAsync(alias)).KeyId);
        var encrypted = await _client.EncryptAsync(new EncryptRequest { KeyId = alias, Plaintext = new MemoryStream([8]) }).WithTimeout();
        Assert.Equal(second.Arn, encrypted.KeyId);
        Assert.Equal([7], await _client.DecryptBytesAsync(oldCiphertext));
        Assert.Empty(await _client.ListAllAliasesAsync(first.KeyId));
        Assert.Equal(alias, Assert.Single(await _client.ListAllAliasesAsync(second.KeyId)).AliasName);
    }

    [Fact]
    public async Task UpdateAlias_ExistingAlias_ChangesLastUpdatedDateOnly()
    {
        // Dev mode: the fake clock would put the server outside the SDK's 5-minute SigV4 window.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(time: clock, dev: true);
        using var client = server.CreateClient();
        var first = await client.CreateTestKeyAsync();
        var second = await client.CreateTestKeyAsync();
        var alias = NewAlias();
        var created = clock.GetUtcNow();
        await client.CreateAliasForAsync(alias, first.KeyId);
        var before = Assert.Single(await client.ListAllAliasesAsync());

        clock.Advance(TimeSpan.FromHours(3));
        await client.UpdateAliasAsync(new UpdateAliasRequest { AliasName = alias, TargetKeyId = second.KeyId }).WithTimeout();

        var after = Assert.Single(await client.ListAllAliasesAsync());
        Assert.Equal(created.UtcDateTime, before.CreationDate!.Value.ToUniversalTime(), TimeSpan.FromMilliseconds(1));
        Assert.Equal(before.CreationDate, before.LastUpdatedDate);
        Assert.Equal(before.CreationDate, after.CreationDate);
        Assert.Equal(created.AddHours(3).UtcDateTime, after.LastUpdatedDate!.Value.ToUniversalTime(), TimeSpan.FromMilliseconds(1));
        Assert.Equal(second.KeyId, after.TargetKeyId);
    }

    [Fact]
    public async Task UpdateAlias_UnknownAlias_ThrowsNotFound()
    {
        var key = await _client.CreateTestKeyAsync();

        await KmsAssert.ThrowsAsync<NotFoundException>(
            () => _client.UpdateAliasAsync(new UpdateAliasRequest { AliasName = "alias/x", TargetKeyId = key.KeyId }),
            $"Alias arn:aws:kms:us-east-1:{_server.AccountId}:alias/x is not found.");
    }

    [Fact]
    public async Task UpdateAlias_UnknownTargetKey_ThrowsNotFoundAndKeepsAlias()
    {
        var key = await _client.CreateTestKeyAsync();
        var alias = NewAlias();
        await _client.CreateAliasForAsync(alias, key.KeyId);
        var missing = Guid.NewGuid().ToString();

        await KmsAssert.ThrowsAsync<NotFoundException>(
            () => _client.UpdateAliasAsync(new UpdateAliasRequest { AliasName = alias, TargetKeyId = missing }),
            $"Key 'arn:aws:kms:us-east-1:{_server.AccountId}:key/{missing}' does not exist");
        Assert.Equal(key.KeyId, (await _client.DescribeAsync(alias)).KeyId);
    }

    [Fact]
    public async Task UpdateAlias_TargetGivenAsAlias_ThrowsNotFound()
    {
        var key = await _client.CreateTestKeyAsync();
        var alias = NewAlias();
        var other = NewAlias();
        await _client.CreateAliasForAsync(alias, key.KeyId);
        await _client.CreateAliasForAsync(other, key.KeyId);

        await KmsAssert.ThrowsAsync<NotFoundException>(
            () => _client.UpdateAliasAsync(new UpdateAliasRequest { AliasName = alias, TargetKeyId = other }), $"Invalid keyId '{other}'");
    }

    [Fact]
    public async Task UpdateAlias_WithoutAliasPrefix_ThrowsRecordedValidation()
    {
        var key = await _client.CreateTestKeyAsync();

        await KmsAssert.ValidationAsync(
            () => _client.UpdateAliasAsync(new UpdateAliasRequest { AliasName = "no-prefix", TargetKeyId = key.KeyId }),
            "Alias must start with the prefix \"alias/\". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html");
    }

    private static string NewAlias() => $"alias/update-{Guid.NewGuid():N}";
}

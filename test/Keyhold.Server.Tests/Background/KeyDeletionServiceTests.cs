using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Server.Background;
using Keyhold.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Keyhold.Server.Tests.Background;

/// <summary>
/// Drives the deletion job with a fake clock. The servers run in dev mode because the same clock checks SigV4
/// timestamps, and the SDK signs with the real clock. Each test has its own server, since each moves its clock.
/// </summary>
public sealed class KeyDeletionServiceTests : IAsyncLifetime
{
    private static readonly byte[] Data = "delete me"u8.ToArray();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private TestServer? _server;
    private AmazonKeyManagementServiceClient? _client;

    private TestServer Server => _server!;

    private AmazonKeyManagementServiceClient Client => _client!;

    public async Task InitializeAsync()
    {
        // A long sweep interval: advancing the clock by days then fires the timer a few times, not thousands.
        _server = await TestServer.StartAsync(time: _clock, dev: true, configure: o => o.DeletionSweepInterval = TimeSpan.FromDays(1));
        _client = _server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Sweep_BeforeWindowEnds_KeepsPendingKey()
    {
        var key = await Client.CreateTestKeyAsync();
        await Client.ScheduleDeletionAsync(key.KeyId, 7);

        _clock.Advance(TimeSpan.FromDays(6));
        await SweepAsync();

        var described = await Client.DescribeAsync(key.KeyId);
        Assert.Equal(KeyState.PendingDeletion, described.KeyState);
        Assert.Equal(_clock.GetUtcNow().AddDays(1).UtcDateTime, described.DeletionDate!.Value.ToUniversalTime(), TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task Sweep_AfterWindowEnds_DeletesKeyAliasesAndMakesCiphertextsUndecryptable()
    {
        var key = await Client.CreateTestKeyAsync();
        var alias = "alias/doomed";
        await Client.CreateAliasForAsync(alias, key.KeyId);
        await Client.TagResourceAsync(new TagResourceRequest { KeyId = key.KeyId, Tags = [new Tag { TagKey = "t", TagValue = "v" }] }).WithTimeout();
        var ciphertext = await Client.EncryptBytesAsync(key.KeyId, Data);
        var dataKey = await Client.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.KeyId, KeySpec = DataKeySpec.AES_256 }).WithTimeout();
        await Client.ScheduleDeletionAsync(key.KeyId, 7);

        _clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));
        await SweepAsync();

        await KmsAssert.ThrowsAsync<NotFoundException>(
            () => Client.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key.KeyId }),
            $"Key '{key.Arn}' does not exist");
        await KmsAssert.ThrowsAsync<NotFoundException>(
            () => Client.DescribeKeyAsync(new DescribeKeyRequest { KeyId = alias }),
            $"Alias arn:aws:kms:us-east-1:{Server.AccountId}:{alias} is not found.");
        Assert.DoesNotContain(await Client.ListAllAliasesAsync(), a => a.AliasName == alias);
        Assert.DoesNotContain(key.KeyId, await Client.ListAllKeyIdsAsync());
        await KmsAssert.ThrowsAsync<InvalidCiphertextException>(() => Client.DecryptAsync(KmsClientExtensions.Decrypt(ciphertext)));
        await KmsAssert.ThrowsAsync<InvalidCiphertextException>(() => Client.DecryptAsync(KmsClientExtensions.Decrypt(dataKey.CiphertextBlob.ToArray())));

        // The alias name is free again.
        var replacement = await Client.CreateTestKeyAsync();
        await Client.CreateAliasForAsync(alias, replacement.KeyId);
        Assert.Equal(replacement.KeyId, (await Client.DescribeAsync(alias)).KeyId);
    }

    [Fact]
    public async Task Sweep_AfterWindowEnds_DeletesOnlyKeysThatAreDue()
    {
        var soon = await Client.CreateTestKeyAsync();
        var later = await Client.CreateTestKeyAsync();
        var kept = await Client.CreateTestKeyAsync();
        await Client.ScheduleDeletionAsync(soon.KeyId, 7);
        await Client.ScheduleDeletionAsync(later.KeyId, 30);

        _clock.Advance(TimeSpan.FromDays(8));
        await SweepAsync();

        await KmsAssert.ThrowsAsync<NotFoundException>(() => Client.DescribeKeyAsync(new DescribeKeyRequest { KeyId = soon.KeyId }));
        Assert.Equal(KeyState.PendingDeletion, (await Client.DescribeAsync(later.KeyId)).KeyState);
        Assert.Equal(KeyState.Enabled, (await Client.DescribeAsync(kept.KeyId)).KeyState);
    }

    [Fact]
    public async Task Sweep_CanceledDeletion_KeepsKey()
    {
        var key = await Client.CreateTestKeyAsync();
        var ciphertext = await Client.EncryptBytesAsync(key.KeyId, Data);
        await Client.ScheduleDeletionAsync(key.KeyId, 7);
        await Client.CancelKeyDeletionAsync(new CancelKeyDeletionRequest { KeyId = key.KeyId }).WithTimeout();

        _clock.Advance(TimeSpan.FromDays(8));
        await SweepAsync();

        Assert.Equal(KeyState.Disabled, (await Client.DescribeAsync(key.KeyId)).KeyState);
        await Client.EnableKeyAsync(new EnableKeyRequest { KeyId = key.KeyId }).WithTimeout();
        Assert.Equal(Data, await Client.DecryptBytesAsync(ciphertext));
    }

    [Fact]
    public async Task Sweep_NothingDue_ReturnsZero()
    {
        var key = await Client.CreateTestKeyAsync();
        await Client.ScheduleDeletionAsync(key.KeyId, 30);

        Assert.Equal(0, await SweepAsync());
    }

    /// <summary>
    /// One pass of the job. The timer may have started a pass of its own; the store serialises both, and a key the
    /// other pass deleted is simply not found again, so after this returns every due key is gone.
    /// </summary>
    private Task<int> SweepAsync() =>
        Server.Server.Services.GetRequiredService<KeyDeletionService>().SweepAsync(CancellationToken.None).WithTimeout();
}

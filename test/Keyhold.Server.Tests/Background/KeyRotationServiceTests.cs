using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Server.Background;
using Keyhold.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Keyhold.Server.Tests.Background;

/// <summary>
/// Automatic rotation driven by a fake clock: rotations happen exactly when due, once, survive a restart, follow the
/// period, and every generation of material keeps decrypting. Dev-mode servers, since the fake clock also checks
/// SigV4 timestamps and the SDK signs with the real one. Each test has its own server because each moves its clock.
/// </summary>
public sealed class KeyRotationServiceTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 15, 9, 30, 0, TimeSpan.Zero));
    private TestServer? _server;
    private AmazonKeyManagementServiceClient? _client;

    private TestServer Server => _server!;

    private AmazonKeyManagementServiceClient Client => _client!;

    public async Task InitializeAsync() => await StartAsync(dataDirectory: null);

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Sweep_RotatesExactlyWhenThePeriodEnds()
    {
        var key = await Client.CreateTestKeyAsync();
        var enabledAt = _clock.GetUtcNow();
        await Client.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = key.KeyId, RotationPeriodInDays = 90 }).WithTimeout();
        var material = (await Client.DescribeAsync(key.KeyId)).CurrentKeyMaterialId;

        _clock.Advance(TimeSpan.FromDays(90) - TimeSpan.FromSeconds(1));
        await SweepAsync();
        Assert.Empty(await RotationsAsync(key.KeyId));
        Assert.Equal(material, (await Client.DescribeAsync(key.KeyId)).CurrentKeyMaterialId);

        _clock.Advance(TimeSpan.FromSeconds(1));
        await SweepAsync();

        var rotation = Assert.Single(await RotationsAsync(key.KeyId));
        Assert.Equal(RotationType.AUTOMATIC, rotation.RotationType);
        Assert.Equal(enabledAt.AddDays(90).UtcDateTime, rotation.RotationDate!.Value.ToUniversalTime(), TimeSpan.FromMilliseconds(1));
        Assert.Equal(rotation.KeyMaterialId, (await Client.DescribeAsync(key.KeyId)).CurrentKeyMaterialId);
        Assert.NotEqual(material, rotation.KeyMaterialId);
        var status = await StatusAsync(key.KeyId);
        Assert.True(status.KeyRotationEnabled);
        Assert.Equal(_clock.GetUtcNow().AddDays(90).UtcDateTime, status.NextRotationDate!.Value.ToUniversalTime(), TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task Sweep_OverSeveralPeriods_RotatesOncePerPeriod()
    {
        var key = await Client.CreateTestKeyAsync();
        await Client.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = key.KeyId, RotationPeriodInDays = 100 }).WithTimeout();

        for (var period = 1; period <= 3; period++)
        {
            _clock.Advance(TimeSpan.FromDays(50));
            await SweepAsync();
            Assert.Equal(period - 1, (await RotationsAsync(key.KeyId)).Count);
            _clock.Advance(TimeSpan.FromDays(50));
            await SweepAsync();
            Assert.Equal(period, (await RotationsAsync(key.KeyId)).Count);
        }
    }

    [Fact]
    public async Task Sweep_CiphertextsFromEveryGeneration_AllDecrypt()
    {
        var key = await Client.CreateTestKeyAsync();
        await Client.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = key.KeyId, RotationPeriodInDays = 90 }).WithTimeout();
        var sealedData = new List<(byte[] Plaintext, byte[] Ciphertext, string MaterialId)>();
        for (var generation = 0; generation < 4; generation++)
        {
            var plaintext = System.Text.Encoding.UTF8.GetBytes($"generation {generation}");
            var context = new Dictionary<string, string> { ["generation"] = generation.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            sealedData.Add((plaintext, await Client.EncryptBytesAsync(key.KeyId, plaintext, context), (await Client.DescribeAsync(key.KeyId)).CurrentKeyMaterialId));
            if (generation == 2)
            {
                await Client.RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = key.KeyId }).WithTimeout();
            }
            else
            {
                _clock.Advance(TimeSpan.FromDays(90));
                await SweepAsync();
            }
        }

        Assert.Equal(4, sealedData.Select(s => s.MaterialId).Distinct().Count());
        for (var generation = 0; generation < sealedData.Count; generation++)
        {
            var context = new Dictionary<string, string> { ["generation"] = generation.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            Assert.Equal(sealedData[generation].Plaintext, await Client.DecryptBytesAsync(sealedData[generation].Ciphertext, context));
        }

        // A data key and a re-encryption made now use the newest material and decrypt too.
        var dataKey = await Client.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.KeyId, NumberOfBytes = 32 }).WithTimeout();
        Assert.Equal(dataKey.Plaintext.ToArray(), await Client.DecryptBytesAsync(dataKey.CiphertextBlob.ToArray()));
        var reencrypted = await Client.ReEncryptAsync(new ReEncryptRequest
        {
            CiphertextBlob = new MemoryStream(sealedData[0].Ciphertext),
            SourceEncryptionContext = new Dictionary<string, string> { ["generation"] = "0" },
            DestinationKeyId = key.KeyId,
        }).WithTimeout();
        Assert.Equal(sealedData[0].Plaintext, await Client.DecryptBytesAsync(reencrypted.CiphertextBlob.ToArray()));
        Assert.NotEqual(sealedData[0].Ciphertext, reencrypted.CiphertextBlob.ToArray());
    }

    [Fact]
    public async Task Start_RotationFellDueWhileDown_RotatesOnceAtStart()
    {
        var key = await Client.CreateTestKeyAsync();
        await Client.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = key.KeyId, RotationPeriodInDays = 90 }).WithTimeout();
        var plaintext = "before the outage"u8.ToArray();
        var ciphertext = await Client.EncryptBytesAsync(key.KeyId, plaintext);
        var directory = Server.DataDirectory;
        _client!.Dispose();
        await Server.StopAsync();

        // Down for three whole periods: the key rotates once when the server is back, not three times.
        _clock.Advance(TimeSpan.FromDays(300));
        var restarted = await TestServer.StartAsync(directory, _clock, dev: true, configure: Configure);
        try
        {
            using var client = restarted.CreateClient();
            var rotations = await WaitForRotationsAsync(client, key.KeyId, 1);
            await restarted.Server.Services.GetRequiredService<KeyRotationService>().SweepAsync(CancellationToken.None).WithTimeout();

            Assert.Single(await ListRotationsAsync(client, key.KeyId));
            Assert.Equal(_clock.GetUtcNow().UtcDateTime, rotations[0].RotationDate!.Value.ToUniversalTime(), TimeSpan.FromMilliseconds(1));
            var status = await client.GetKeyRotationStatusAsync(new GetKeyRotationStatusRequest { KeyId = key.KeyId }).WithTimeout();
            Assert.Equal(_clock.GetUtcNow().AddDays(90).UtcDateTime, status.NextRotationDate!.Value.ToUniversalTime(), TimeSpan.FromMilliseconds(1));
            Assert.Equal(plaintext, await client.DecryptBytesAsync(ciphertext));
        }
        finally
        {
            await restarted.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Sweep_DisabledKey_IsNotRotatedUntilEnabledAgain()
    {
        var key = await Client.CreateTestKeyAsync();
        await Client.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = key.KeyId, RotationPeriodInDays = 90 }).WithTimeout();
        await Client.DisableAsync(key.KeyId);

        _clock.Advance(TimeSpan.FromDays(120));
        await SweepAsync();
        Assert.Empty(await RotationsAsync(key.KeyId));

        await Client.EnableKeyAsync(new EnableKeyRequest { KeyId = key.KeyId }).WithTimeout();
        await SweepAsync();
        Assert.Single(await RotationsAsync(key.KeyId));
    }

    [Fact]
    public async Task Sweep_RotationDisabled_NeverRotates()
    {
        var key = await Client.CreateTestKeyAsync();
        await Client.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = key.KeyId, RotationPeriodInDays = 90 }).WithTimeout();
        await Client.DisableKeyRotationAsync(new DisableKeyRotationRequest { KeyId = key.KeyId }).WithTimeout();

        _clock.Advance(TimeSpan.FromDays(400));
        await SweepAsync();

        Assert.Empty(await RotationsAsync(key.KeyId));
        var status = await StatusAsync(key.KeyId);
        Assert.False(status.KeyRotationEnabled);
        Assert.Null(status.NextRotationDate);
    }

    [Fact]
    public async Task EnableKeyRotation_NewPeriodOnEnabledKey_CountsFromLastRotation()
    {
        var key = await Client.CreateTestKeyAsync();
        await Client.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = key.KeyId, RotationPeriodInDays = 365 }).WithTimeout();
        var created = _clock.GetUtcNow();

        _clock.Advance(TimeSpan.FromDays(100));
        await Client.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = key.KeyId, RotationPeriodInDays = 180 }).WithTimeout();

        var status = await StatusAsync(key.KeyId);
        Assert.Equal(180, status.RotationPeriodInDays);
        Assert.Equal(created.AddDays(180).UtcDateTime, status.NextRotationDate!.Value.ToUniversalTime(), TimeSpan.FromMilliseconds(1));
        _clock.Advance(TimeSpan.FromDays(79));
        await SweepAsync();
        Assert.Empty(await RotationsAsync(key.KeyId));
        _clock.Advance(TimeSpan.FromDays(1));
        await SweepAsync();
        Assert.Single(await RotationsAsync(key.KeyId));
    }

    [Fact]
    public async Task Sweep_OnDemandRotation_DoesNotMoveTheSchedule()
    {
        var key = await Client.CreateTestKeyAsync();
        await Client.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = key.KeyId, RotationPeriodInDays = 90 }).WithTimeout();
        var next = (await StatusAsync(key.KeyId)).NextRotationDate;

        _clock.Advance(TimeSpan.FromDays(30));
        await Client.RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = key.KeyId }).WithTimeout();

        Assert.Equal(next, (await StatusAsync(key.KeyId)).NextRotationDate);
        _clock.Advance(TimeSpan.FromDays(60));
        await SweepAsync();
        Assert.Equal([RotationType.ON_DEMAND, RotationType.AUTOMATIC], (await RotationsAsync(key.KeyId)).Select(r => r.RotationType));
    }

    private static void Configure(Keyhold.Server.Hosting.KeyholdOptions options)
    {
        // Long intervals: advancing the clock by days fires each timer a few times, not thousands.
        options.RotationSweepInterval = TimeSpan.FromDays(1);
        options.DeletionSweepInterval = TimeSpan.FromDays(1);
        options.UsageFlushInterval = TimeSpan.FromDays(1);
    }

    private static async Task<List<RotationsListEntry>> ListRotationsAsync(AmazonKeyManagementServiceClient client, string keyId) =>
        (await client.ListKeyRotationsAsync(new ListKeyRotationsRequest { KeyId = keyId }).WithTimeout()).Rotations ?? [];

    /// <summary>The start sweep runs on a background task; wait (bounded) until it has written its rotations.</summary>
    private static async Task<List<RotationsListEntry>> WaitForRotationsAsync(AmazonKeyManagementServiceClient client, string keyId, int count)
    {
        var deadline = DateTime.UtcNow + TimeoutExtensions.Timeout;
        while (true)
        {
            var rotations = await ListRotationsAsync(client, keyId);
            if (rotations.Count >= count || DateTime.UtcNow > deadline)
            {
                return rotations;
            }

            await Task.Delay(20);
        }
    }

    private async Task StartAsync(string? dataDirectory)
    {
        _server = await TestServer.StartAsync(dataDirectory, _clock, dev: true, configure: Configure);
        _client = _server.CreateClient();
    }

    private Task<List<RotationsListEntry>> RotationsAsync(string keyId) => ListRotationsAsync(Client, keyId);

    private Task<GetKeyRotationStatusResponse> StatusAsync(string keyId) =>
        Client.GetKeyRotationStatusAsync(new GetKeyRotationStatusRequest { KeyId = keyId }).WithTimeout();

    /// <summary>One pass of the scheduler; a pass the timer started concurrently is serialised by the store's compare-and-swap.</summary>
    private Task<int> SweepAsync() =>
        Server.Server.Services.GetRequiredService<KeyRotationService>().SweepAsync(CancellationToken.None).WithTimeout();
}

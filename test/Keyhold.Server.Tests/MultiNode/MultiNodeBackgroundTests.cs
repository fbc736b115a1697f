using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Server.Background;
using Keyhold.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Keyhold.Server.Tests.MultiNode;

/// <summary>
/// Background work with three nodes on one database and one fake clock: every node sweeps, each due rotation and
/// deletion happens exactly once, and the work goes on when a node is gone. Dev-mode nodes, because the fake clock also
/// checks SigV4 timestamps; timers only sweep at start, so the sweeps the tests run explicitly do all the due work.
/// </summary>
[Collection(SharedPostgresCluster.Name)]
public sealed class MultiNodeBackgroundTests(PostgresCluster postgres) : IAsyncLifetime
{
    private const int Keys = 12;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private NodeCluster? _cluster;
    private AmazonKeyManagementServiceClient? _client;

    public async Task InitializeAsync()
    {
        _cluster = await NodeCluster.StartAsync(postgres, nodes: 3, _clock, dev: true, configure: options =>
        {
            options.RotationSweepInterval = Timeout.InfiniteTimeSpan;
            options.DeletionSweepInterval = Timeout.InfiniteTimeSpan;
            options.UsageFlushInterval = Timeout.InfiniteTimeSpan;
        });
        _client = _cluster.Nodes[0].CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task RotationSweep_OnEveryNodeAtOnce_RotatesEachDueKeyOnce()
    {
        var keys = await CreateKeysWithRotationAsync();

        _clock.Advance(TimeSpan.FromDays(90));
        var rotated = await Task.WhenAll(_cluster!.Nodes.Select(n => Sweep<KeyRotationService>(n)));

        Assert.Equal(Keys, rotated.Sum());
        foreach (var key in keys)
        {
            var rotations = (await _client!.ListKeyRotationsAsync(new ListKeyRotationsRequest { KeyId = key }).WithTimeout()).Rotations;
            Assert.Equal(RotationType.AUTOMATIC, Assert.Single(rotations).RotationType);
        }
    }

    [Fact]
    public async Task DeletionSweep_OnEveryNodeAtOnce_DeletesEachDueKeyOnce()
    {
        var keys = new List<string>();
        for (var i = 0; i < Keys; i++)
        {
            var key = await _client!.CreateTestKeyAsync();
            await _client!.ScheduleDeletionAsync(key.KeyId, 7);
            keys.Add(key.KeyId);
        }

        _clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        var deleted = await Task.WhenAll(_cluster!.Nodes.Select(n => Sweep<KeyDeletionService>(n)));

        Assert.Equal(Keys, deleted.Sum());
        var remaining = await _client!.ListAllKeyIdsAsync();
        Assert.DoesNotContain(remaining, keys.Contains);
    }

    [Fact]
    public async Task RotationSweep_NodeThatWouldDoItIsGone_AnotherNodeDoesIt()
    {
        var keys = await CreateKeysWithRotationAsync();
        await _cluster!.StopNodeAsync(0);

        _clock.Advance(TimeSpan.FromDays(90));
        Assert.Equal(Keys, await Sweep<KeyRotationService>(_cluster.Nodes[2]));
        Assert.Equal(0, await Sweep<KeyRotationService>(_cluster.Nodes[1]));

        using var client = _cluster.Nodes[1].CreateClient();
        foreach (var key in keys)
        {
            Assert.Single((await client.ListKeyRotationsAsync(new ListKeyRotationsRequest { KeyId = key }).WithTimeout()).Rotations);
        }
    }

    private static Task<int> Sweep<T>(TestServer node)
        where T : PeriodicSweepService =>
        node.Server.Services.GetRequiredService<T>().SweepAsync(CancellationToken.None).WithTimeout();

    private async Task<List<string>> CreateKeysWithRotationAsync()
    {
        var keys = new List<string>();
        for (var i = 0; i < Keys; i++)
        {
            var key = await _client!.CreateTestKeyAsync();
            await _client!.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = key.KeyId, RotationPeriodInDays = 90 }).WithTimeout();
            keys.Add(key.KeyId);
        }

        return keys;
    }
}

using Keyhold.Core.Storage;
using Keyhold.Server.Keys;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Keyhold.Server.Background;

/// <summary>
/// Deletes keys whose deletion waiting period has ended: the key row, every material version, tags and aliases,
/// in one transaction. Runs at start (catching up on windows that ended while the server was down) and then on a
/// <see cref="TimeProvider"/> timer, so tests drive it with a fake clock.
/// </summary>
internal sealed partial class KeyDeletionService(
    IKeyholdStore store,
    KeyMaterialRing materials,
    TimeProvider time,
    Hosting.KeyholdOptions options,
    ILogger<KeyDeletionService> logger) : BackgroundService
{
    private const int BatchSize = 100;
    private readonly SemaphoreSlim _signal = new(0, 1);

    /// <summary>Deletes every key that is due now; returns how many were deleted.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var deleted = 0;
        while (true)
        {
            var due = await store.GetKeysDueForDeletionAsync(time.GetUtcNow(), BatchSize, cancellationToken).ConfigureAwait(false);
            var progress = 0;
            foreach (var key in due)
            {
                if (await store.DeleteKeyAsync(key, cancellationToken).ConfigureAwait(false))
                {
                    materials.Evict(key.KeyId);
                    LogDeleted(logger, key.Arn);
                    deleted++;
                    progress++;
                }
            }

            if (due.Count < BatchSize || progress == 0)
            {
                return deleted;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = time.CreateTimer(_ => Signal(), null, TimeSpan.Zero, options.DeletionSweepInterval);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _signal.WaitAsync(stoppingToken).ConfigureAwait(false);
                await SweepAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed sweep is logged and retried at the next tick; it must not stop the service.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogSweepFailed(logger, ex);
            }
        }
    }

    private void Signal()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // A sweep is already pending.
        }
    }

    public override void Dispose()
    {
        _signal.Dispose();
        base.Dispose();
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Deleted key {KeyArn}: its deletion waiting period ended")]
    private static partial void LogDeleted(ILogger logger, string keyArn);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Key deletion sweep failed; retrying at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}

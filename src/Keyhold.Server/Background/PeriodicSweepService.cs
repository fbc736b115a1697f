using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Keyhold.Server.Background;

/// <summary>
/// A background job that runs <see cref="SweepAsync"/> at start (catching up on work that fell due while the server
/// was down) and then every <see cref="Interval"/> on a <see cref="TimeProvider"/> timer, so tests drive it with a
/// fake clock. A failed sweep is logged and retried at the next tick.
/// </summary>
internal abstract partial class PeriodicSweepService(TimeProvider time, ILogger logger) : BackgroundService
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    protected TimeProvider Time { get; } = time;

    protected abstract TimeSpan Interval { get; }

    protected abstract string JobName { get; }

    /// <summary>Does all the work that is due now; returns how many items it handled.</summary>
    public abstract Task<int> SweepAsync(CancellationToken cancellationToken);

    public override void Dispose()
    {
        _signal.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = Time.CreateTimer(_ => Signal(), null, TimeSpan.Zero, Interval);
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
#pragma warning disable CA1031 // A failed sweep is logged and retried at the next tick; it must not stop the job.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogSweepFailed(logger, ex, JobName);
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
        catch (ObjectDisposedException)
        {
            // The timer fired while the service was being disposed.
        }
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Error, Message = "{Job} failed; retrying at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception, string job);
}

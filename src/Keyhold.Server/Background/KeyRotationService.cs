using Keyhold.Core.Keys;
using Keyhold.Core.Storage;
using Keyhold.Server.Keys;
using Microsoft.Extensions.Logging;

namespace Keyhold.Server.Background;

/// <summary>
/// Automatic rotation: rotates every Enabled key whose NextRotationDate has come, and schedules the next one a period
/// later. A rotation that fell due while the server was down happens at the first sweep after start (once, not once per
/// missed period). Disabled keys are not rotated; when re-enabled, an overdue key rotates at the next sweep, as AWS does.
/// </summary>
internal sealed partial class KeyRotationService(
    IKeyholdStore store,
    KeyRotator rotator,
    TimeProvider time,
    Hosting.KeyholdOptions options,
    ILogger<KeyRotationService> logger) : PeriodicSweepService(time, logger)
{
    private const int BatchSize = 100;

    protected override TimeSpan Interval => options.RotationSweepInterval;

    protected override string JobName => "Automatic key rotation";

    public override async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var rotated = 0;
        while (true)
        {
            var now = Time.GetUtcNow();
            var due = await store.GetKeysDueForRotationAsync(now, BatchSize, cancellationToken).ConfigureAwait(false);
            var rotatedInBatch = 0;
            foreach (var key in due)
            {
                var done = await RotateIfStillDueAsync(key, now, cancellationToken).ConfigureAwait(false);
                rotatedInBatch += done ? 1 : 0;
            }

            rotated += rotatedInBatch;
            // A full batch in which nothing rotated (every key skipped) would come back unchanged: stop until the next tick.
            if (due.Count < BatchSize || rotatedInBatch == 0)
            {
                return rotated;
            }
        }
    }

    private async Task<bool> RotateIfStillDueAsync(KeyRecord key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var result = await rotator.RotateAsync(key, KeyRotator.Automatic, (current, _) =>
            // Another request (or node) may have disabled rotation or rotated the key since the query.
            current.State != KeyState.Enabled || current.RotationPeriodInDays is not { } period || current.NextRotationDate > now
                ? null
                : current with { NextRotationDate = now.AddDays(period) },
            cancellationToken).ConfigureAwait(false);
        if (result is null)
        {
            return false;
        }

        LogRotated(logger, result.Arn, result.CurrentMaterialVersion);
        return true;
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Rotated key {KeyArn}: material version {Version} is now current")]
    private static partial void LogRotated(ILogger logger, string keyArn, int version);
}

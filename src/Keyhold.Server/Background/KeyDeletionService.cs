using Keyhold.Core.Storage;
using Keyhold.Server.Keys;
using Microsoft.Extensions.Logging;

namespace Keyhold.Server.Background;

/// <summary>
/// Deletes keys whose deletion waiting period has ended: the key row, every material version, tags, usage and aliases,
/// in one compare-and-swap transaction (a key cancelled in the meantime is not deleted).
/// </summary>
internal sealed partial class KeyDeletionService(
    IKeyholdStore store,
    KeyMaterialRing materials,
    TimeProvider time,
    Hosting.KeyholdOptions options,
    ILogger<KeyDeletionService> logger) : PeriodicSweepService(time, logger)
{
    private const int BatchSize = 100;

    protected override TimeSpan Interval => options.DeletionSweepInterval;

    protected override string JobName => "Key deletion";

    public override async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var deleted = 0;
        while (true)
        {
            var due = await store.GetKeysDueForDeletionAsync(Time.GetUtcNow(), BatchSize, cancellationToken).ConfigureAwait(false);
            var progress = 0;
            foreach (var key in due)
            {
                if (await store.DeleteKeyAsync(key, cancellationToken).ConfigureAwait(false))
                {
                    materials.Evict(key.KeyId);
                    LogDeleted(logger, key.Arn);
                    progress++;
                }
            }

            deleted += progress;
            if (due.Count < BatchSize || progress == 0)
            {
                return deleted;
            }
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Deleted key {KeyArn}: its deletion waiting period ended")]
    private static partial void LogDeleted(ILogger logger, string keyArn);
}

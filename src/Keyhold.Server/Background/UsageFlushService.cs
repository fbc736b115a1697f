using Keyhold.Server.Usage;
using Microsoft.Extensions.Logging;

namespace Keyhold.Server.Background;

/// <summary>Writes aggregated key usage to the store every <see cref="Hosting.KeyholdOptions.UsageFlushInterval"/>, and once more at shutdown.</summary>
internal sealed class UsageFlushService(
    KeyUsageRecorder recorder,
    TimeProvider time,
    Hosting.KeyholdOptions options,
    ILogger<UsageFlushService> logger) : PeriodicSweepService(time, logger)
{
    protected override TimeSpan Interval => options.UsageFlushInterval;

    protected override string JobName => "Usage flush";

    public override Task<int> SweepAsync(CancellationToken cancellationToken) => recorder.FlushAsync(cancellationToken);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await recorder.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}

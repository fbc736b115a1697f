using System.Text;
using Keyhold.Core.Audit;
using Keyhold.Core.Storage;
using Keyhold.Server.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Keyhold.Server.Audit;

/// <summary>
/// Drains <see cref="AuditTrail"/> into the store's hash chain in batches (one transaction per batch), and appends each
/// stored event to the JSON-lines file when <see cref="KeyholdOptions.AuditFile"/> is set. A failed batch is retried
/// until it is written, with the trail marked unavailable meanwhile; at shutdown the queue is drained.
/// </summary>
internal sealed partial class AuditWriterService(
    AuditTrail trail,
    IKeyholdStore store,
    AuditChainHasher hasher,
    KeyholdOptions options,
    ILogger<AuditWriterService> logger) : BackgroundService
{
    private const int MaxBatch = 500;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<AuditEventDraft>(MaxBatch);
        try
        {
            while (await trail.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                await DrainAsync(batch, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: StopAsync drains what is left.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        var batch = new List<AuditEventDraft>(MaxBatch);
        await DrainAsync(batch, cancellationToken).ConfigureAwait(false);
    }

    private async Task DrainAsync(List<AuditEventDraft> batch, CancellationToken cancellationToken)
    {
        while (true)
        {
            batch.Clear();
            while (batch.Count < MaxBatch && trail.Reader.TryRead(out var draft))
            {
                batch.Add(draft);
            }

            if (batch.Count == 0)
            {
                return;
            }

            await WriteAsync(batch, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WriteAsync(List<AuditEventDraft> batch, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                var stored = await store.AppendAuditEventsAsync(batch, hasher, cancellationToken).ConfigureAwait(false);
                trail.MarkWritten(batch.Count);
                if (options.AuditFile is { } path)
                {
                    await AppendToFileAsync(path, stored, cancellationToken).ConfigureAwait(false);
                }

                return;
            }
            catch (StoreUnavailableException ex)
            {
                trail.MarkFailing();
                LogWriteFailed(logger, ex, batch.Count);
                await Task.Delay(RetryDelay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The file is a copy for log shippers; the store's chain is the record, so a file error is logged, not retried.</summary>
    private async Task AppendToFileAsync(string path, IReadOnlyList<AuditEventRecord> stored, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        foreach (var record in stored)
        {
            text.Append(record.Event.Json).Append('\n');
        }

        try
        {
            await File.AppendAllTextAsync(path, text.ToString(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogFileFailed(logger, ex, path, stored.Count);
        }
    }

    [LoggerMessage(EventId = 5003, Level = LogLevel.Error, Message = "Appending {Count} audit events to {Path} failed (they are in the store)")]
    private static partial void LogFileFailed(ILogger logger, Exception exception, string path, int count);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Error, Message = "Writing {Count} audit events failed; requests are refused until the audit trail can be written")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count);
}

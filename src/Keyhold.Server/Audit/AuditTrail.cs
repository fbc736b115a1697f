using System.Threading.Channels;
using Keyhold.Core.Audit;
using Microsoft.Extensions.Logging;

namespace Keyhold.Server.Audit;

/// <summary>
/// The request path's side of the audit trail: events go into a bounded in-memory queue that
/// <see cref="AuditWriterService"/> writes to the store in batches, so auditing costs a request no store round trip.
/// Nothing is dropped silently: while the store cannot be written (or the queue is full) the trail reports itself
/// unavailable and the endpoint refuses requests (fail closed, unless configured to fail open); an event that finds
/// the queue full is counted and logged as an error.
/// </summary>
internal sealed partial class AuditTrail(ILogger<AuditTrail> logger)
{
    /// <summary>Events that may wait in memory; beyond it the trail is unavailable.</summary>
    public const int Capacity = 100_000;

    private readonly Channel<AuditEventDraft> _queue = Channel.CreateBounded<AuditEventDraft>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });

    private long _enqueued;
    private long _written;
    private long _dropped;
    private volatile bool _storeFailing;

    /// <summary>False while the last write to the store failed or the queue is full: requests must be refused (fail closed).</summary>
    public bool IsAvailable => !_storeFailing && _queue.Reader.Count < Capacity;

    public long Dropped => Interlocked.Read(ref _dropped);

    internal ChannelReader<AuditEventDraft> Reader => _queue.Reader;

    public void Record(AuditEventDraft draft)
    {
        if (_queue.Writer.TryWrite(draft))
        {
            Interlocked.Increment(ref _enqueued);
            return;
        }

        Interlocked.Increment(ref _dropped);
        LogDropped(logger, draft.EventName, draft.EventId);
    }

    /// <summary>Waits (up to <paramref name="timeout"/>) until every event recorded before the call is in the store.</summary>
    public async Task<bool> WaitForWrittenAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var target = Interlocked.Read(ref _enqueued);
        var deadline = DateTime.UtcNow + timeout;
        while (Interlocked.Read(ref _written) < target)
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    internal void MarkWritten(int count)
    {
        Interlocked.Add(ref _written, count);
        _storeFailing = false;
    }

    internal void MarkFailing() => _storeFailing = true;

    [LoggerMessage(EventId = 5001, Level = LogLevel.Error, Message = "Audit queue full: event {EventName} {EventId} was not recorded")]
    private static partial void LogDropped(ILogger logger, string eventName, string eventId);
}

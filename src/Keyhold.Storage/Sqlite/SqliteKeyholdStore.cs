using System.Collections.Concurrent;
using Keyhold.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Keyhold.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode with <c>synchronous=FULL</c>, so a completed write survives power
/// loss. SQLite allows one writer at a time, so writes run one after another on a single connection inside
/// <c>BEGIN IMMEDIATE</c> transactions, while reads use a small pool of connections that see the last commit.
/// Correctness never rests on the in-process lock: row-version compare-and-swap and unique constraints hold across
/// processes too (see docs/designs/storage.md).
/// </summary>
/// <remarks>
/// Throughput: a later issue needs at least 1000 durable CreateKey calls per second. Each write costs one WAL fsync,
/// so the rate is bounded by the disk's fsync latency; if that is not enough, batch concurrent writes into one
/// transaction (one SAVEPOINT per operation, tasks completed after the shared COMMIT) rather than relax synchronous.
/// </remarks>
public sealed partial class SqliteKeyholdStore : IKeyholdStore, IAsyncDisposable
{
    private readonly string _databasePath;
    private readonly TimeSpan _busyTimeout;
    private readonly TimeProvider _timeProvider;
    // The semaphores are never disposed: nothing reads their wait handles, and disposing them would turn a call
    // racing DisposeAsync into an ObjectDisposedException from Release instead of from the disposed check.
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SemaphoreSlim _readSlots;
    private readonly ConcurrentBag<SqliteSession> _idleReaders = [];
    private SqliteSession? _writer;
    private volatile bool _disposed;

    /// <summary>Creates a store over <see cref="SqliteStoreOptions.DatabasePath"/>; nothing is opened until first use.</summary>
    public SqliteKeyholdStore(SqliteStoreOptions options)
        : this(options, TimeProvider.System)
    {
    }

    /// <summary>Creates a store whose migration timestamps come from <paramref name="timeProvider"/>.</summary>
    public SqliteKeyholdStore(SqliteStoreOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DatabasePath, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ReadConnections, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.BusyTimeout, TimeSpan.Zero, nameof(options));
        if (options.DatabasePath.Contains(":memory:", StringComparison.OrdinalIgnoreCase) || options.DatabasePath.Contains("mode=memory", StringComparison.OrdinalIgnoreCase))
        {
            // Every connection would get its own in-memory database, and WAL needs a file.
            throw new ArgumentException("The SQLite store needs a database file; in-memory databases are not supported.", nameof(options));
        }

        _databasePath = Path.GetFullPath(options.DatabasePath);
        _busyTimeout = options.BusyTimeout;
        _timeProvider = timeProvider;
        _readSlots = new SemaphoreSlim(options.ReadConnections, options.ReadConnections);
    }

    /// <summary>Closes every connection after the write in flight, if any, has finished.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            _writer?.Dispose();
            _writer = null;
        }
        finally
        {
            _writeLock.Release();
        }

        DrainIdleReaders();
    }

    /// <summary>
    /// Runs <paramref name="body"/> in one <c>BEGIN IMMEDIATE</c> transaction on the writer connection and commits;
    /// any failure rolls back (or discards the connection if it cannot) before the translated error is thrown.
    /// </summary>
    private async Task<TResult> WriteAsync<TState, TResult>(
        string operation, TState state, Func<SqliteSession, TState, TResult> body, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            cancellationToken.ThrowIfCancellationRequested();
            var session = _writer ??= SqliteSession.Open(_databasePath, _busyTimeout, readOnly: false);
            try
            {
                session.Begin();
                var result = body(session, state);
                session.Commit();
                return result;
            }
            catch
            {
                if (!session.TryRollback())
                {
                    session.Dispose();
                    _writer = null;
                }

                throw;
            }
        }
        catch (SqliteException ex) when (SqliteErrors.TryTranslate(ex, operation, _databasePath, out var translated))
        {
            throw translated;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Runs <paramref name="body"/> (one statement, hence one read transaction) on a pooled read connection.</summary>
    private async Task<TResult> ReadAsync<TState, TResult>(
        string operation, TState state, Func<SqliteSession, TState, TResult> body, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _readSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        SqliteSession? session = null;
        try
        {
            session = _idleReaders.TryTake(out var idle) ? idle : SqliteSession.Open(_databasePath, _busyTimeout, readOnly: true);
            var result = body(session, state);
            _idleReaders.Add(session);
            session = null;
            if (_disposed)
            {
                DrainIdleReaders();
            }

            return result;
        }
        catch (SqliteException ex) when (SqliteErrors.TryTranslate(ex, operation, _databasePath, out var translated))
        {
            throw translated;
        }
        finally
        {
            // Set only when the body failed: a connection that saw an error is not reused.
            session?.Dispose();
            _readSlots.Release();
        }
    }

    private void DrainIdleReaders()
    {
        while (_idleReaders.TryTake(out var reader))
        {
            reader.Dispose();
        }
    }
}

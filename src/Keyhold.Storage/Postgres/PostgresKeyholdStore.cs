using System.Data;
using Keyhold.Core.Storage;
using Npgsql;

namespace Keyhold.Storage.Postgres;

/// <summary>
/// The multi-node store: every Keyhold node opens its own instance over one PostgreSQL database. Connections come from
/// an <see cref="NpgsqlDataSource"/> pool; every contract method is one READ COMMITTED transaction (or one statement),
/// and correctness across nodes rests on the database alone: compare-and-swap on <c>row_version</c>, primary keys and
/// foreign keys, and explicit row locks where a method reads before it writes (see docs/designs/storage-postgres.md).
/// </summary>
public sealed partial class PostgresKeyholdStore : IKeyholdStore, IAsyncDisposable
{
    /// <summary>
    /// Attempts per method: a deadlock, a serialization failure or a connection that broke before COMMIT was sent
    /// means nothing was committed, so the whole transaction runs again (at most twice more).
    /// </summary>
    private const int MaxAttempts = 3;

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _timeProvider;
    private readonly string _server;
    private volatile bool _disposed;

    /// <summary>Creates a store over <see cref="PostgresStoreOptions.ConnectionString"/>; nothing connects until first use.</summary>
    public PostgresKeyholdStore(PostgresStoreOptions options)
        : this(options, TimeProvider.System)
    {
    }

    /// <summary>Creates a store whose migration and key-deletion timestamps come from <paramref name="timeProvider"/>.</summary>
    public PostgresKeyholdStore(PostgresStoreOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString, nameof(options));
        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        var settings = builder.ConnectionStringBuilder;
        if (string.IsNullOrEmpty(settings.ApplicationName))
        {
            // Shows in pg_stat_activity, so an operator can tell Keyhold's connections apart.
            settings.ApplicationName = "keyhold";
        }

        // Only these parts ever appear in messages: never the connection string, which may carry a password.
        _server = $"{settings.Host}:{settings.Port}/{settings.Database ?? settings.Username}";
        _dataSource = builder.Build();
        _timeProvider = timeProvider;
    }

    /// <summary>Closes the pool's idle connections; connections in use close when their method returns.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="body"/> in one READ COMMITTED transaction and commits. Any failure rolls back; retryable
    /// ones (see <see cref="PostgresErrors.IsRetryable"/>) that happen before COMMIT run the body again on a fresh
    /// connection, and the rest are thrown translated.
    /// </summary>
    private Task<TResult> WriteAsync<TState, TResult>(
        string operation, TState state, Func<PostgresSession, TState, Task<TResult>> body, CancellationToken cancellationToken) =>
        RunAsync(operation, state, body, transactional: true, cancellationToken);

    /// <summary>Runs <paramref name="body"/>, one statement and hence one implicit transaction, outside any explicit transaction.</summary>
    private Task<TResult> ReadAsync<TState, TResult>(
        string operation, TState state, Func<PostgresSession, TState, Task<TResult>> body, CancellationToken cancellationToken) =>
        RunAsync(operation, state, body, transactional: false, cancellationToken);

    private async Task<TResult> RunAsync<TState, TResult>(
        string operation, TState state, Func<PostgresSession, TState, Task<TResult>> body, bool transactional, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        for (var attempt = 1; ; attempt++)
        {
            var opened = false;
            var committing = false;
            try
            {
                var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    opened = true;
                    if (!transactional)
                    {
                        return await body(new PostgresSession(connection, null, cancellationToken), state).ConfigureAwait(false);
                    }

                    var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
                    await using (transaction.ConfigureAwait(false))
                    {
                        var result = await body(new PostgresSession(connection, transaction, cancellationToken), state).ConfigureAwait(false);
                        committing = true;
                        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                        return result;
                    }
                }
            }
            catch (Exception ex) when (opened && !committing && attempt < MaxAttempts && !cancellationToken.IsCancellationRequested && PostgresErrors.IsRetryable(ex))
            {
                // A failure to open is not retried: the server is down or refusing, and a retry would only add a timeout.
                ClearPoolIfBroken(ex);
            }
            catch (Exception ex) when (PostgresErrors.TryTranslate(ex, operation, _server, committing, out var translated))
            {
                ClearPoolIfBroken(ex);
                throw translated;
            }
        }
    }

    /// <summary>
    /// Drops every idle pooled connection once one has turned out dead: after a server restart or failover they all
    /// are, and Npgsql only notices when it next uses each of them.
    /// </summary>
    private void ClearPoolIfBroken(Exception exception)
    {
        if (PostgresErrors.BreaksConnection(exception) && !_disposed)
        {
            _dataSource.Clear();
        }
    }
}

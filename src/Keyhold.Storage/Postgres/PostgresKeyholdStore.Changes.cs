using Keyhold.Core.Storage;
using Npgsql;

namespace Keyhold.Storage.Postgres;

/// <summary>
/// Change notifications between nodes: writes that change cached data send <c>NOTIFY keyhold_changes</c> inside their
/// transaction (PostgreSQL delivers it at commit, never for a rollback), and every node keeps one connection that
/// LISTENs (docs/designs/consistency.md). Payload: <c>KIND|ACCOUNT|NAME</c>.
/// </summary>
public sealed partial class PostgresKeyholdStore : IStoreChangeFeed
{
    private const string ChangeChannel = "keyhold_changes";
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);

    public async Task ListenAsync(Action<StoreChange> onChange, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using var _ = connection.ConfigureAwait(false);
                connection.Notification += (_, e) =>
                {
                    if (Parse(e.Payload) is { } change)
                    {
                        onChange(change);
                    }
                };
                var listen = new NpgsqlCommand($"LISTEN {ChangeChannel}", connection);
                await using (listen.ConfigureAwait(false))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                while (true)
                {
                    await connection.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
            {
                // The database went away: the caches' time-to-live bounds what is missed until the connection is back.
                await Task.Delay(ReconnectDelay, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static Task<int> NotifyAsync(PostgresSession session, StoreChangeKind kind, string accountId, string name) =>
        session.Command($"SELECT pg_notify('{ChangeChannel}', @payload)")
            .Bind("payload", $"{kind}|{accountId}|{name}")
            .ExecuteAsync(session.CancellationToken);

    private static StoreChange? Parse(string payload)
    {
        var parts = payload.Split('|', 3);
        return parts.Length == 3 && Enum.TryParse<StoreChangeKind>(parts[0], out var kind) ? new StoreChange(kind, parts[1], parts[2]) : null;
    }
}

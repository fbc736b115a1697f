using Keyhold.Core.Audit;
using Keyhold.Storage.Shared;

namespace Keyhold.Storage.Postgres;

public sealed partial class PostgresKeyholdStore
{
    /// <summary>
    /// Key of the transaction-scoped advisory lock that serializes audit appenders across nodes: "kh-audit" in ASCII.
    /// Distinct from <see cref="MigrationLockKey"/>.
    /// </summary>
    internal const long AuditChainLockKey = 0x6B682D6175646974;

    private const string InsertAuditEventSql =
        $"INSERT INTO audit_events ({AuditRows.Columns}) VALUES (@sequence, @eventId, @eventTime, @accountId, @region, @eventName, " +
        "@principalArn, @keyArn, @errorCode, @readOnly, @json, @previousHash, @hash)";

    /// <summary>
    /// Takes <c>pg_advisory_xact_lock</c> on <see cref="AuditChainLockKey"/>, then reads the chain head and inserts the
    /// batch after it in one round trip. Appenders on every node queue on the lock, and each one reads the head the
    /// previous one committed (READ COMMITTED takes a new snapshot per statement, after the lock is granted), so the
    /// chain never forks and sequences have no gaps. Should two appenders ever read the same head anyway, the primary
    /// key on sequence makes the second fail rather than fork the chain. A duplicate event id is a
    /// <see cref="Core.Storage.StoreConflictException"/> and appends nothing.
    /// </summary>
    public Task<IReadOnlyList<AuditEventRecord>> AppendAuditEventsAsync(
        IReadOnlyList<AuditEventDraft> events, IAuditChainHasher hasher, CancellationToken cancellationToken)
    {
        AuditRows.Validate(events, hasher);
        if (events.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<AuditEventRecord>>([]);
        }

        return WriteAsync("AppendAuditEvents", (events, hasher), static async Task<IReadOnlyList<AuditEventRecord>> (session, args) =>
        {
            var ct = session.CancellationToken;
            await session.Command("SELECT pg_advisory_xact_lock(@key)").Bind("key", AuditChainLockKey).ExecuteAsync(ct).ConfigureAwait(false);
            var head = await session.Command(AuditRows.HeadSql)
                .ReadSingleAsync(static r => Tuple.Create(r.GetInt64(0), r.GetBytes(1)), ct).ConfigureAwait(false);

            var records = AuditRows.Link(args.events, head?.Item1 ?? 0, head?.Item2, args.hasher);
            var batch = session.Batch();
            foreach (var record in records)
            {
                var draft = record.Event;
                batch.Statement(InsertAuditEventSql)
                    .Bind("sequence", record.Sequence)
                    .Bind("eventId", draft.EventId)
                    .Bind("eventTime", PostgresValues.ToMilliseconds(draft.EventTime))
                    .Bind("accountId", draft.AccountId)
                    .Bind("region", draft.Region)
                    .Bind("eventName", draft.EventName)
                    .Bind("principalArn", draft.PrincipalArn)
                    .Bind("keyArn", draft.KeyArn)
                    .Bind("errorCode", draft.ErrorCode)
                    .Bind("readOnly", draft.ReadOnly)
                    .Bind("json", draft.Json)
                    .Bind("previousHash", record.PreviousHash)
                    .Bind("hash", record.Hash);
            }

            await batch.ExecuteAsync(ct).ConfigureAwait(false);
            return records;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<AuditEventRecord>> ListAuditEventsAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Limit, nameof(query));
        var (sql, parameters) = AuditRows.ListQuery(query);
        return ReadAsync("ListAuditEvents", (sql, parameters), static (session, args) =>
        {
            var command = session.Command(args.sql);
            foreach (var (name, value) in args.parameters)
            {
                command.Bind(name, value);
            }

            return command.ReadAllAsync(AuditRows.ReadEvent, session.CancellationToken);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<AuditEventRecord>> ReadAuditChainAsync(long afterSequence, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync("ReadAuditChain", (afterSequence, limit), static (session, args) => session
            .Command(AuditRows.ChainSql)
            .Bind("after", args.afterSequence)
            .Bind("limit", args.limit)
            .ReadAllAsync(AuditRows.ReadEvent, session.CancellationToken), cancellationToken);
    }
}

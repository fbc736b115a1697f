using Keyhold.Core.Audit;
using Keyhold.Storage.Shared;

namespace Keyhold.Storage.Sqlite;

public sealed partial class SqliteKeyholdStore
{
    private const string InsertAuditEventSql =
        $"INSERT INTO audit_events ({AuditRows.Columns}) VALUES (@sequence, @eventId, @eventTime, @accountId, @region, @eventName, " +
        "@principalArn, @keyArn, @errorCode, @readOnly, @json, @previousHash, @hash)";

    /// <summary>
    /// Reads the chain head and appends the batch after it in one write transaction. SQLite writers are serialized
    /// (<c>BEGIN IMMEDIATE</c>, across processes too), so no other appender can read the same head: the chain never
    /// forks. A duplicate event id is a <see cref="Core.Storage.StoreConflictException"/> and appends nothing.
    /// </summary>
    public Task<IReadOnlyList<AuditEventRecord>> AppendAuditEventsAsync(
        IReadOnlyList<AuditEventDraft> events, IAuditChainHasher hasher, CancellationToken cancellationToken)
    {
        AuditRows.Validate(events, hasher);
        if (events.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<AuditEventRecord>>([]);
        }

        return WriteAsync("AppendAuditEvents", (events, hasher), static IReadOnlyList<AuditEventRecord> (session, args) =>
        {
            var (headSequence, headHash) = (0L, (byte[]?)null);
            using (var reader = session.Command(AuditRows.HeadSql).ExecuteReader())
            {
                if (reader.Read())
                {
                    (headSequence, headHash) = (reader.GetInt64(0), reader.GetBytes(1));
                }
            }

            var records = AuditRows.Link(args.events, headSequence, headHash, args.hasher);
            foreach (var record in records)
            {
                var draft = record.Event;
                session.Command(InsertAuditEventSql)
                    .Bind("@sequence", record.Sequence)
                    .Bind("@eventId", draft.EventId)
                    .Bind("@eventTime", SqliteValues.ToMilliseconds(draft.EventTime))
                    .Bind("@accountId", draft.AccountId)
                    .Bind("@region", draft.Region)
                    .Bind("@eventName", draft.EventName)
                    .Bind("@principalArn", draft.PrincipalArn)
                    .Bind("@keyArn", draft.KeyArn)
                    .Bind("@errorCode", draft.ErrorCode)
                    .Bind("@readOnly", draft.ReadOnly ? 1 : 0)
                    .Bind("@json", draft.Json)
                    .Bind("@previousHash", record.PreviousHash)
                    .Bind("@hash", record.Hash)
                    .ExecuteNonQuery();
            }

            return records;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<AuditEventRecord>> ListAuditEventsAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Limit, nameof(query));
        var (sql, parameters) = AuditRows.ListQuery(query);
        return ReadAsync("ListAuditEvents", (sql, parameters), static IReadOnlyList<AuditEventRecord> (session, args) =>
        {
            var command = session.Command(args.sql);
            foreach (var (name, value) in args.parameters)
            {
                command.Bind("@" + name, value);
            }

            return command.ReadAll(AuditRows.ReadEvent);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<AuditEventRecord>> ReadAuditChainAsync(long afterSequence, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync("ReadAuditChain", (afterSequence, limit), static IReadOnlyList<AuditEventRecord> (session, args) => session
            .Command(AuditRows.ChainSql)
            .Bind("@after", args.afterSequence)
            .Bind("@limit", args.limit)
            .ReadAll(AuditRows.ReadEvent), cancellationToken);
    }
}

using System.Data.Common;
using System.Text;
using Keyhold.Core.Audit;

namespace Keyhold.Storage.Shared;

/// <summary>
/// The audit_events table, the same in both backends: reading rows, the filtered listing statement, and linking a batch
/// of drafts onto the chain head. Every backend serializes appenders itself; this class only does the arithmetic.
/// </summary>
internal static class AuditRows
{
    /// <summary>The audit_events columns in the order <see cref="ReadEvent"/> expects.</summary>
    public const string Columns =
        "sequence, event_id, event_time, account_id, region, event_name, principal_arn, key_arn, error_code, read_only, json, " +
        "previous_hash, hash";

    /// <summary>Length of every chain hash, and of the previous hash of sequence 1 (all zero).</summary>
    public const int HashLength = 32;

    /// <summary>The chain head: the event with the highest sequence (there are no gaps, so it is the last one appended).</summary>
    public const string HeadSql = "SELECT sequence, hash FROM audit_events ORDER BY sequence DESC LIMIT 1";

    /// <summary>Parameters: <c>@after</c>, <c>@limit</c>.</summary>
    public const string ChainSql = $"SELECT {Columns} FROM audit_events WHERE sequence > @after ORDER BY sequence LIMIT @limit";

    public static AuditEventRecord ReadEvent(DbDataReader reader) => new()
    {
        Sequence = reader.GetInt64(0),
        Event = new AuditEventDraft
        {
            EventId = reader.GetString(1),
            EventTime = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
            AccountId = reader.GetString(3),
            Region = reader.GetString(4),
            EventName = reader.GetString(5),
            PrincipalArn = reader.GetString(6),
            KeyArn = reader.IsDBNull(7) ? null : reader.GetString(7),
            ErrorCode = reader.IsDBNull(8) ? null : reader.GetString(8),
            ReadOnly = reader.GetBoolean(9),
            Json = reader.GetString(10),
        },
        PreviousHash = reader.GetFieldValue<byte[]>(11),
        Hash = reader.GetFieldValue<byte[]>(12),
    };

    /// <summary>Rejects a batch the table cannot hold (caller bugs, not conflicts).</summary>
    public static void Validate(IReadOnlyList<AuditEventDraft> events, IAuditChainHasher hasher)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(hasher);
        foreach (var draft in events)
        {
            ArgumentNullException.ThrowIfNull(draft, nameof(events));
            ArgumentNullException.ThrowIfNull(draft.Json, nameof(events));
        }
    }

    /// <summary>
    /// Gives each draft, in list order, the next sequence after <paramref name="headSequence"/>, the previous event's
    /// hash (32 zero bytes before sequence 1) and the hasher's hash; event times as stored (UTC whole milliseconds).
    /// </summary>
    public static List<AuditEventRecord> Link(IReadOnlyList<AuditEventDraft> events, long headSequence, byte[]? headHash, IAuditChainHasher hasher)
    {
        var previous = headHash ?? new byte[HashLength];
        var records = new List<AuditEventRecord>(events.Count);
        var sequence = headSequence;
        foreach (var draft in events)
        {
            sequence = checked(sequence + 1);
            var hash = hasher.ComputeHash(previous, sequence, draft.Json);
            if (hash is not { Length: HashLength })
            {
                throw new InvalidOperationException($"The audit chain hasher returned {hash?.Length ?? 0} bytes; a chain hash is {HashLength}.");
            }

            records.Add(new AuditEventRecord
            {
                Sequence = sequence,
                Event = draft with { EventTime = DateTimeOffset.FromUnixTimeMilliseconds(draft.EventTime.ToUnixTimeMilliseconds()) },
                PreviousHash = previous,
                Hash = hash,
            });
            previous = hash;
        }

        return records;
    }

    /// <summary>
    /// The listing statement for <paramref name="query"/>: only the filters that are set, so each variant can use its
    /// index (a handful of shapes in practice, each prepared once). Parameter names come without a prefix.
    /// </summary>
    public static (string Sql, List<(string Name, object Value)> Parameters) ListQuery(AuditQuery query)
    {
        var sql = new StringBuilder($"SELECT {Columns} FROM audit_events WHERE sequence > @after");
        var parameters = new List<(string, object)> { ("after", query.AfterSequence) };
        void Filter(string condition, string name, object? value)
        {
            if (value is not null)
            {
                sql.Append(" AND ").Append(condition);
                parameters.Add((name, value));
            }
        }

        Filter("event_time >= @from", "from", query.From?.ToUnixTimeMilliseconds());
        Filter("event_time < @to", "to", query.To?.ToUnixTimeMilliseconds());
        Filter("account_id = @accountId", "accountId", query.AccountId);
        Filter("key_arn = @keyArn", "keyArn", query.KeyArn);
        Filter("principal_arn = @principalArn", "principalArn", query.PrincipalArn);
        Filter("event_name = @eventName", "eventName", query.EventName);
        if (query.ErrorsOnly)
        {
            sql.Append(" AND error_code IS NOT NULL");
        }

        sql.Append(" ORDER BY sequence LIMIT @limit");
        parameters.Add(("limit", query.Limit));
        return (sql.ToString(), parameters);
    }
}

namespace Keyhold.Core.Audit;

/// <summary>
/// An audit event before it joins the chain: the CloudTrail-shaped record (<see cref="Json"/>) plus the columns the
/// store indexes for filtering. The store assigns <see cref="AuditEventRecord.Sequence"/> and the chain hashes.
/// </summary>
public sealed record AuditEventDraft
{
    /// <summary>CloudTrail <c>eventID</c> (a GUID string); unique.</summary>
    public required string EventId { get; init; }

    public required DateTimeOffset EventTime { get; init; }

    /// <summary>The caller's account (empty when the caller could not be authenticated).</summary>
    public required string AccountId { get; init; }

    public required string Region { get; init; }

    /// <summary>The operation, e.g. <c>Encrypt</c>, <c>CreateUser</c>.</summary>
    public required string EventName { get; init; }

    /// <summary>The caller's ARN; empty when the caller could not be authenticated.</summary>
    public required string PrincipalArn { get; init; }

    /// <summary>ARN of the key the request acted on, when there was one.</summary>
    public string? KeyArn { get; init; }

    /// <summary>The AWS error code (<c>AccessDeniedException</c>, …); null for a success.</summary>
    public string? ErrorCode { get; init; }

    public required bool ReadOnly { get; init; }

    /// <summary>The whole CloudTrail-shaped event as compact JSON (UTF-8 text). It is what the chain hash covers.</summary>
    public required string Json { get; init; }
}

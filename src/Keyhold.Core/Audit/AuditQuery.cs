namespace Keyhold.Core.Audit;

/// <summary>Filters for listing audit events; every filter that is set must match. Results are ordered by sequence.</summary>
public sealed record AuditQuery
{
    /// <summary>Only events after this sequence (the paging cursor); 0 for the start.</summary>
    public long AfterSequence { get; init; }

    public int Limit { get; init; } = 100;

    /// <summary>Inclusive lower bound on EventTime.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Exclusive upper bound on EventTime.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Only events of this caller account; null for every account (installation administrators).</summary>
    public string? AccountId { get; init; }

    public string? KeyArn { get; init; }

    public string? PrincipalArn { get; init; }

    public string? EventName { get; init; }

    /// <summary>Only events with an error code.</summary>
    public bool ErrorsOnly { get; init; }
}

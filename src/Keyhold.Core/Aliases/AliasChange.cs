namespace Keyhold.Core.Aliases;

/// <summary>
/// One entry of an alias's history, written by the store in the same transaction as the change itself:
/// what the alias pointed at before and after, when, and which principal changed it.
/// </summary>
public sealed record AliasChange
{
    public required string AccountId { get; init; }

    public required string Region { get; init; }

    public required string AliasName { get; init; }

    /// <summary>Increasing per store; orders the history.</summary>
    public long Sequence { get; init; }

    /// <summary>Create, Update or Delete.</summary>
    public required string Change { get; init; }

    /// <summary>The target after the change; null for Delete.</summary>
    public string? TargetKeyId { get; init; }

    /// <summary>The target before the change; null for Create.</summary>
    public string? PreviousTargetKeyId { get; init; }

    public required DateTimeOffset ChangedAt { get; init; }

    /// <summary>ARN of the principal that made the change.</summary>
    public required string ChangedBy { get; init; }
}

namespace Keyhold.Core.Audit;

/// <summary>A stored audit event: the draft plus its place in the hash chain.</summary>
public sealed record AuditEventRecord
{
    /// <summary>1, 2, 3, … without gaps across the whole installation (every account and node).</summary>
    public required long Sequence { get; init; }

    public required AuditEventDraft Event { get; init; }

    /// <summary>The previous event's <see cref="Hash"/>; 32 zero bytes for sequence 1.</summary>
    public required byte[] PreviousHash { get; init; }

    /// <summary><see cref="IAuditChainHasher.ComputeHash"/> over the previous hash, the sequence and the JSON.</summary>
    public required byte[] Hash { get; init; }
}

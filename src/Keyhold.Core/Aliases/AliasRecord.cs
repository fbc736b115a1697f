namespace Keyhold.Core.Aliases;

/// <summary>An alias (<c>alias/NAME</c>) pointing at one key of the same account and region.</summary>
public sealed record AliasRecord
{
    public required string AccountId { get; init; }

    public required string Region { get; init; }

    public required string AliasName { get; init; }

    public required string TargetKeyId { get; init; }

    public required DateTimeOffset CreationDate { get; init; }

    public required DateTimeOffset LastUpdatedDate { get; init; }
}

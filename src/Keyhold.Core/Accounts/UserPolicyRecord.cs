namespace Keyhold.Core.Accounts;

/// <summary>One named identity policy (an IAM inline user policy): a JSON policy document attached to a user.</summary>
public sealed record UserPolicyRecord
{
    public required string AccountId { get; init; }

    public required string UserName { get; init; }

    public required string PolicyName { get; init; }

    /// <summary>The policy document, JSON text, stored as given.</summary>
    public required string Document { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }
}

namespace Keyhold.Core.Accounts;

/// <summary>
/// An access key of a principal. The secret is stored sealed by a domain key: SigV4 needs the secret itself to
/// recompute signatures, so it cannot be a one-way hash.
/// </summary>
public sealed record AccessKeyRecord
{
    public required string AccessKeyId { get; init; }

    public required string AccountId { get; init; }

    /// <summary>Null for the account root; otherwise the IAM-style user name.</summary>
    public string? UserName { get; init; }

    public required byte[] WrappedSecret { get; init; }

    public required bool Active { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public string PrincipalArn => UserName is null
        ? $"arn:aws:iam::{AccountId}:root"
        : $"arn:aws:iam::{AccountId}:user/{UserName}";
}

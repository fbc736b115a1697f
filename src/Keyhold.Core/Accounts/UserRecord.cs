namespace Keyhold.Core.Accounts;

/// <summary>An IAM-style user of one account: <c>arn:aws:iam::&lt;account&gt;:user/&lt;name&gt;</c>.</summary>
public sealed record UserRecord
{
    public required string AccountId { get; init; }

    /// <summary>The name as in the ARN (IAM's rules: 1–64 of <c>[A-Za-z0-9+=,.@_-]</c>).</summary>
    public required string UserName { get; init; }

    /// <summary>A stable unique id, IAM-style (<c>AIDA…</c>), shown by sts:GetCallerIdentity as UserId.</summary>
    public required string UserId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public string Arn => $"arn:aws:iam::{AccountId}:user/{UserName}";
}

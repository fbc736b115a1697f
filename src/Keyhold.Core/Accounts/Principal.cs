namespace Keyhold.Core.Accounts;

/// <summary>Who a request runs as, after authentication: an account root or an IAM-style user.</summary>
public sealed record Principal(string AccountId, string Arn, string AccessKeyId)
{
    /// <summary>The account root's ARN: <c>arn:aws:iam::&lt;account&gt;:root</c>.</summary>
    public static string RootArn(string accountId) => $"arn:aws:iam::{accountId}:root";

    /// <summary>Whether this is the account root (which no identity policy restricts).</summary>
    public bool IsRoot => Arn.EndsWith(":root", StringComparison.Ordinal);

    /// <summary>The user name of an IAM-style user; null for the account root.</summary>
    public string? UserName => IsRoot ? null : Arn[(Arn.LastIndexOf('/') + 1)..];
}

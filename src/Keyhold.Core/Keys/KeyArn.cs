namespace Keyhold.Core.Keys;

/// <summary>ARN formatting for keys and aliases: <c>arn:aws:kms:REGION:ACCOUNT:key/ID</c>.</summary>
public static class KeyArn
{
    public static string Format(string region, string accountId, string keyId) => $"arn:aws:kms:{region}:{accountId}:key/{keyId}";

    public static string FormatAlias(string region, string accountId, string aliasName) => $"arn:aws:kms:{region}:{accountId}:{aliasName}";
}

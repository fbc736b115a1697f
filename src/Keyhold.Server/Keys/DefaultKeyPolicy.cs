namespace Keyhold.Server.Keys;

/// <summary>AWS's default key policy: the account root gets kms:*, which lets identity policies grant access.</summary>
internal static class DefaultKeyPolicy
{
    public const string PolicyName = "default";

    // Formatted exactly as AWS returns it from GetKeyPolicy.
    public static string For(string accountId) =>
        "{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\",\n  \"Statement\" : [ {\n    \"Sid\" : \"Enable IAM User Permissions\",\n    \"Effect\" : \"Allow\",\n    \"Principal\" : {\n      \"AWS\" : \"arn:aws:iam::"
        + accountId
        + ":root\"\n    },\n    \"Action\" : \"kms:*\",\n    \"Resource\" : \"*\"\n  } ]\n}";
}

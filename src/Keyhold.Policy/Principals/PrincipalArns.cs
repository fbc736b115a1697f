using System.Text.RegularExpressions;

namespace Keyhold.Policy.Principals;

/// <summary>Recognizes the IAM principal ARN shapes a KMS key policy may name, and reads the caller's ARN without allocating.</summary>
internal static partial class PrincipalArns
{
    [GeneratedRegex(@"^\d{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex AccountIdRegex();

    [GeneratedRegex(@"^arn:aws(?:-cn|-us-gov)?:iam::(\d{12}):root$", RegexOptions.CultureInvariant)]
    private static partial Regex RootRegex();

    // IAM names and path segments: letters, digits and +=,.@_- ; a user or role may sit under a /path/.
    [GeneratedRegex(@"^arn:aws(?:-cn|-us-gov)?:iam::(\d{12}):(user|role)/(?:[\w+=,.@-]+/)*([\w+=,.@-]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex UserOrRoleRegex();

    [GeneratedRegex(@"^arn:aws(?:-cn|-us-gov)?:sts::(\d{12}):assumed-role/[\w+=,.@-]+/[\w+=,.@-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex AssumedRoleRegex();

    /// <summary>Parses one value of <c>"AWS": …</c>; returns false when it is not a principal AWS accepts.</summary>
    public static bool TryParseAws(string value, out PrincipalEntry entry)
    {
        if (value == "*")
        {
            entry = new PrincipalEntry(PrincipalEntryKind.Everyone, string.Empty, value);
            return true;
        }

        if (AccountIdRegex().IsMatch(value))
        {
            entry = new PrincipalEntry(PrincipalEntryKind.Account, value, value);
            return true;
        }

        var match = RootRegex().Match(value);
        if (match.Success)
        {
            entry = new PrincipalEntry(PrincipalEntryKind.Account, match.Groups[1].Value, value);
            return true;
        }

        match = UserOrRoleRegex().Match(value);
        if (match.Success)
        {
            var account = match.Groups[1].Value;
            entry = match.Groups[2].Value == "role"
                ? new PrincipalEntry(PrincipalEntryKind.Role, account, match.Groups[3].Value, value)
                : new PrincipalEntry(PrincipalEntryKind.Arn, account, value);
            return true;
        }

        match = AssumedRoleRegex().Match(value);
        if (match.Success)
        {
            entry = new PrincipalEntry(PrincipalEntryKind.Arn, match.Groups[1].Value, value);
            return true;
        }

        entry = default;
        return false;
    }

    /// <summary>True when <paramref name="arn"/> is <c>arn:PARTITION:iam::ACCOUNT:root</c> for the given account.</summary>
    public static bool IsAccountRoot(ReadOnlySpan<char> arn, string account)
    {
        if (!TrySkipPartition(arn, out var rest) || !rest.StartsWith("iam::", StringComparison.Ordinal))
        {
            return false;
        }

        rest = rest[5..];
        return rest.StartsWith(account, StringComparison.Ordinal) && rest[account.Length..] is ":root";
    }

    /// <summary>True when <paramref name="arn"/> is a session <c>arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION</c> of the given role.</summary>
    public static bool IsSessionOfRole(ReadOnlySpan<char> arn, string account, string roleName)
    {
        if (!TrySkipPartition(arn, out var rest) || !rest.StartsWith("sts::", StringComparison.Ordinal))
        {
            return false;
        }

        rest = rest[5..];
        if (!rest.StartsWith(account, StringComparison.Ordinal) || !rest[account.Length..].StartsWith(":assumed-role/", StringComparison.Ordinal))
        {
            return false;
        }

        rest = rest[(account.Length + ":assumed-role/".Length)..];
        var slash = rest.IndexOf('/');
        return slash > 0 && rest[..slash].SequenceEqual(roleName);
    }

    // "arn:aws:" / "arn:aws-cn:" …: returns what follows the partition.
    private static bool TrySkipPartition(ReadOnlySpan<char> arn, out ReadOnlySpan<char> rest)
    {
        rest = default;
        if (!arn.StartsWith("arn:", StringComparison.Ordinal))
        {
            return false;
        }

        var afterArn = arn[4..];
        var colon = afterArn.IndexOf(':');
        if (colon < 0)
        {
            return false;
        }

        rest = afterArn[(colon + 1)..];
        return true;
    }
}

using System.Globalization;
using System.Text.RegularExpressions;
using Keyhold.Core.Errors;

namespace Keyhold.Server.Rotation;

/// <summary>
/// The dated alias of the user's document: <c>alias/application-current</c> rotated on 2018-06-06 keeps the old key
/// as <c>alias/application-20180606</c>. A trailing <c>-current</c> is replaced; other names get the date appended.
/// A second rotation on the same day uses <c>-2</c>, <c>-3</c>, … so no dated alias is ever overwritten.
/// The name can also be a pattern: <c>alias/app-{date}</c> or <c>alias/app-{date:yyyy-MM-dd}</c> (UTC).
/// </summary>
internal static partial class DatedAliasName
{
    public const string CurrentSuffix = "-current";

    public static string Base(string aliasName, DateTimeOffset date)
    {
        var stem = aliasName.EndsWith(CurrentSuffix, StringComparison.Ordinal) ? aliasName[..^CurrentSuffix.Length] : aliasName;
        return stem + "-" + date.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
    }

    /// <summary>Whether a requested dated alias is a pattern (has a <c>{date}</c> placeholder) rather than a fixed name.</summary>
    public static bool IsPattern(string name) => name.Contains('{', StringComparison.Ordinal);

    /// <summary>Expands <c>{date}</c> (yyyyMMdd) and <c>{date:FORMAT}</c> (y, M, d, H, m, s and - _ .) with the UTC date.</summary>
    public static string Expand(string pattern, DateTimeOffset date)
    {
        var expanded = Placeholder().Replace(pattern, match =>
            date.UtcDateTime.ToString(match.Groups["format"].Success ? match.Groups["format"].Value : "yyyyMMdd", CultureInfo.InvariantCulture));
        if (expanded.Contains('{', StringComparison.Ordinal) || expanded.Contains('}', StringComparison.Ordinal))
        {
            throw KmsErrors.Validation(
                $"DatedAliasName '{pattern}' has a placeholder Keyhold does not know; use {{date}} or {{date:FORMAT}} with a format of y, M, d, H, m, s, '-', '_' and '.'.");
        }

        return expanded;
    }

    /// <summary>Candidates in order: the base name, then base-2 … base-99.</summary>
    public static IEnumerable<string> Candidates(string baseName)
    {
        yield return baseName;
        for (var i = 2; i < 100; i++)
        {
            yield return baseName + "-" + i.ToString(CultureInfo.InvariantCulture);
        }
    }

    [GeneratedRegex(@"\{date(?::(?<format>[yMdHms_.\-]+))?\}")]
    private static partial Regex Placeholder();
}

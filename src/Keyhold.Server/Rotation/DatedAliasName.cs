using System.Globalization;

namespace Keyhold.Server.Rotation;

/// <summary>
/// The dated alias of the user's document: <c>alias/application-current</c> rotated on 2018-06-06 keeps the old key
/// as <c>alias/application-20180606</c>. A trailing <c>-current</c> is replaced; other names get the date appended.
/// A second rotation on the same day uses <c>-2</c>, <c>-3</c>, … so no dated alias is ever overwritten.
/// </summary>
internal static class DatedAliasName
{
    public const string CurrentSuffix = "-current";

    public static string Base(string aliasName, DateTimeOffset date)
    {
        var stem = aliasName.EndsWith(CurrentSuffix, StringComparison.Ordinal) ? aliasName[..^CurrentSuffix.Length] : aliasName;
        return stem + "-" + date.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
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
}

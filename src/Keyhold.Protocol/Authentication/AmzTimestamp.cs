using System.Globalization;

namespace Keyhold.Protocol.Authentication;

/// <summary>The SigV4 request timestamp: ISO 8601 basic format in UTC, <c>yyyyMMddTHHmmssZ</c>.</summary>
internal static class AmzTimestamp
{
    private const string BasicFormat = "yyyyMMdd'T'HHmmss'Z'";

    public static bool TryParseAmzDate(string value, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(
            value,
            BasicFormat,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out time);

    /// <summary>The HTTP <c>Date</c> header (RFC 1123), which SigV4 accepts when <c>X-Amz-Date</c> is absent.</summary>
    public static bool TryParseHttpDate(string value, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(
            value.Trim(),
            "r",
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out time);

    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString(BasicFormat, CultureInfo.InvariantCulture);
}

using System.Globalization;

namespace Keyhold.Cli.Output;

/// <summary>How the text output writes values: UTC ISO-8601 to the second, "-" for nothing.</summary>
internal static class TextFormat
{
    public const string None = "-";

    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Timestamp(DateTimeOffset? time) => time is { } value ? Timestamp(value) : None;

    public static string OrNone(string? value) => string.IsNullOrEmpty(value) ? None : value;

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}

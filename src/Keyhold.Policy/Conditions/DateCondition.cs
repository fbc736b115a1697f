using System.Globalization;

namespace Keyhold.Policy.Conditions;

/// <summary>
/// Date operators, compared as UTC instants. Values are ISO 8601 (<c>2025-01-01T00:00:00Z</c>, a date alone, or with an
/// offset; no offset means UTC) or epoch seconds; a request value in neither form matches nothing.
/// </summary>
internal sealed class DateCondition : ConditionClause
{
    private readonly long[] _utcTicks;
    private readonly Comparison _comparison;

    public DateCondition(string key, ConditionOptions options, long[] utcTicks, Comparison comparison)
        : base(key, options)
    {
        _utcTicks = utcTicks;
        _comparison = comparison;
    }

    public static bool TryParse(ReadOnlySpan<char> text, out long utcTicks)
    {
        utcTicks = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
        {
            if (seconds < -62_135_596_800 || seconds > 253_402_300_799)
            {
                return false;
            }

            utcTicks = DateTimeOffset.FromUnixTimeSeconds(seconds).UtcTicks;
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var instant))
        {
            utcTicks = instant.UtcTicks;
            return true;
        }

        return false;
    }

    protected override bool MatchesAny(string requestValue, IConditionValues context)
    {
        if (!TryParse(requestValue, out var ticks))
        {
            return false;
        }

        foreach (var value in _utcTicks)
        {
            if (_comparison.Holds(ticks, value))
            {
                return true;
            }
        }

        return false;
    }
}

using System.Globalization;

namespace Keyhold.Policy.Conditions;

/// <summary>Numeric operators. Policy values are parsed once; a request value that is not a number matches nothing.</summary>
internal sealed class NumericCondition : ConditionClause
{
    private readonly double[] _values;
    private readonly Comparison _comparison;

    public NumericCondition(string key, ConditionOptions options, double[] values, Comparison comparison)
        : base(key, options)
    {
        _values = values;
        _comparison = comparison;
    }

    public static bool TryParse(ReadOnlySpan<char> text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    protected override bool MatchesAny(string requestValue, IConditionValues context)
    {
        if (!TryParse(requestValue, out var number))
        {
            return false;
        }

        foreach (var value in _values)
        {
            if (_comparison.Holds(number, value))
            {
                return true;
            }
        }

        return false;
    }
}

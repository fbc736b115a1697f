namespace Keyhold.Policy.Conditions;

/// <summary>Applies a <see cref="Comparison"/> to ordered values (request value on the left).</summary>
internal static class ComparisonExtensions
{
    public static bool Holds<T>(this Comparison comparison, T requestValue, T policyValue)
        where T : IComparable<T>
    {
        var order = requestValue.CompareTo(policyValue);
        return comparison switch
        {
            Comparison.Equals => order == 0,
            Comparison.LessThan => order < 0,
            Comparison.LessThanEquals => order <= 0,
            Comparison.GreaterThan => order > 0,
            Comparison.GreaterThanEquals => order >= 0,
            _ => false,
        };
    }
}

namespace Keyhold.Policy.Conditions;

/// <summary>BinaryEquals: the request value (base64, as the request context carries binary keys) equals a policy value byte for byte.</summary>
internal sealed class BinaryCondition : ConditionClause
{
    private readonly string[] _base64Values;

    public BinaryCondition(string key, ConditionOptions options, string[] base64Values)
        : base(key, options)
    {
        _base64Values = base64Values;
    }

    protected override bool MatchesAny(string requestValue, IConditionValues context)
    {
        foreach (var value in _base64Values)
        {
            if (string.Equals(value, requestValue, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}

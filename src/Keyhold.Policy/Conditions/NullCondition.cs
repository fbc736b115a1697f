namespace Keyhold.Policy.Conditions;

/// <summary>
/// Null: <c>"true"</c> passes when the key is missing (or has no values), <c>"false"</c> when it is present. Several
/// values are ORed like any other operator.
/// </summary>
internal sealed class NullCondition : ConditionClause
{
    private readonly bool[] _expectMissing;

    public NullCondition(string key, bool[] expectMissing)
        : base(key, default)
    {
        _expectMissing = expectMissing;
    }

    public override bool Evaluate(IConditionValues context)
    {
        var missing = !context.TryGetValues(Key, out var values) || values.Count == 0;
        return Array.IndexOf(_expectMissing, missing) >= 0;
    }

    protected override bool MatchesAny(string requestValue, IConditionValues context) => false;
}

namespace Keyhold.Policy.Conditions;

/// <summary>
/// One condition key under one operator, e.g. <c>"StringEquals": {"kms:CallerAccount": ["111122223333", "444455556666"]}</c>.
/// Subclasses say whether one request value matches any of the policy values; this class applies AWS's rules for
/// negated operators (NOR over the policy values), IfExists, ForAnyValue/ForAllValues and missing keys.
/// </summary>
internal abstract class ConditionClause
{
    protected ConditionClause(string key, ConditionOptions options)
    {
        Key = key;
        Options = options;
    }

    /// <summary>The condition key, as written in the policy (looked up case-insensitively).</summary>
    public string Key { get; }

    public ConditionOptions Options { get; }

    /// <summary>Condition keys read through policy variables in the values.</summary>
    public virtual IEnumerable<string> VariableNames => [];

    public virtual bool Evaluate(IConditionValues context)
    {
        if (!context.TryGetValues(Key, out var values) || values.Count == 0)
        {
            // AWS: a missing key fails positive operators and passes negated ones; IfExists passes; ForAllValues
            // passes (vacuously) and ForAnyValue fails, even with IfExists (as AWS behaves).
            return Options.Qualifier switch
            {
                SetQualifier.ForAllValues => true,
                SetQualifier.ForAnyValue => false,
                _ => Options.IfExists || Options.Negated,
            };
        }

        switch (Options.Qualifier)
        {
            case SetQualifier.ForAllValues:
                for (var i = 0; i < values.Count; i++)
                {
                    if (MatchesAny(values[i], context) == Options.Negated)
                    {
                        return false;
                    }
                }

                return true;
            case SetQualifier.ForAnyValue:
                for (var i = 0; i < values.Count; i++)
                {
                    if (MatchesAny(values[i], context) != Options.Negated)
                    {
                        return true;
                    }
                }

                return false;
            default:
                // No qualifier: a positive operator passes when any request value matches any policy value; a
                // negated one passes when none does.
                for (var i = 0; i < values.Count; i++)
                {
                    if (MatchesAny(values[i], context))
                    {
                        return !Options.Negated;
                    }
                }

                return Options.Negated;
        }
    }

    /// <summary>Whether one request value matches at least one of the policy values (before negation).</summary>
    protected abstract bool MatchesAny(string requestValue, IConditionValues context);
}

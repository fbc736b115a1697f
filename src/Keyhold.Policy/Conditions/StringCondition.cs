using Keyhold.Policy.Matching;

namespace Keyhold.Policy.Conditions;

/// <summary>
/// String operators (StringEquals, StringEqualsIgnoreCase, StringLike and negations) and Bool, which compares
/// <c>true</c>/<c>false</c> case-insensitively. Patterns are compiled with wildcards only for the Like operators.
/// </summary>
internal sealed class StringCondition : ConditionClause
{
    private readonly WildcardPattern[] _patterns;
    private readonly bool _ignoreCase;

    public StringCondition(string key, ConditionOptions options, WildcardPattern[] patterns, bool ignoreCase)
        : base(key, options)
    {
        _patterns = patterns;
        _ignoreCase = ignoreCase;
    }

    public override IEnumerable<string> VariableNames => _patterns.SelectMany(p => p.VariableNames);

    protected override bool MatchesAny(string requestValue, IConditionValues context)
    {
        foreach (var pattern in _patterns)
        {
            if (pattern.IsMatch(requestValue, _ignoreCase, context))
            {
                return true;
            }
        }

        return false;
    }
}

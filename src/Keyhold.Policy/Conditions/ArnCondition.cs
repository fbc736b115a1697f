using Keyhold.Policy.Matching;

namespace Keyhold.Policy.Conditions;

/// <summary>ArnEquals, ArnLike and their negations: identical in AWS, both match part by part with wildcards, case-sensitively.</summary>
internal sealed class ArnCondition : ConditionClause
{
    private readonly ArnPattern[] _patterns;

    public ArnCondition(string key, ConditionOptions options, ArnPattern[] patterns)
        : base(key, options)
    {
        _patterns = patterns;
    }

    public override IEnumerable<string> VariableNames => _patterns.SelectMany(p => p.VariableNames);

    protected override bool MatchesAny(string requestValue, IConditionValues context)
    {
        foreach (var pattern in _patterns)
        {
            if (pattern.IsMatch(requestValue, context))
            {
                return true;
            }
        }

        return false;
    }
}

using Keyhold.Policy.Conditions;
using Keyhold.Policy.Matching;
using Keyhold.Policy.Principals;

namespace Keyhold.Policy;

/// <summary>
/// One parsed, validated statement. Its patterns and conditions are compiled at parse time; evaluation only walks them.
/// </summary>
public sealed class PolicyStatement
{
    private readonly PrincipalSet? _principals;
    private readonly WildcardPattern[] _actions;
    private readonly bool _notAction;
    private readonly WildcardPattern[]? _resources;
    private readonly bool _notResource;
    private readonly ConditionClause[] _conditions;

    internal PolicyStatement(
        string? sid,
        PolicyEffect effect,
        PrincipalSet? principals,
        WildcardPattern[] actions,
        bool notAction,
        WildcardPattern[]? resources,
        bool notResource,
        ConditionClause[] conditions)
    {
        Sid = sid;
        Effect = effect;
        _principals = principals;
        _actions = actions;
        _notAction = notAction;
        _resources = resources;
        _notResource = notResource;
        _conditions = conditions;
    }

    /// <summary>The statement id; optional, and not necessarily unique (AWS allows duplicates).</summary>
    public string? Sid { get; }

    /// <summary>Whether the statement allows or denies what it matches.</summary>
    public PolicyEffect Effect { get; }

    /// <summary>The condition keys this statement reads, from conditions and from policy variables.</summary>
    internal IEnumerable<string> ReferencedKeys =>
        _conditions.SelectMany(c => c.VariableNames.Prepend(c.Key))
            .Concat(_resources?.SelectMany(r => r.VariableNames) ?? []);

    /// <summary>
    /// How this statement applies to the request: <see cref="PrincipalMatch.None"/> when it does not, otherwise the
    /// principal match (always <see cref="PrincipalMatch.Direct"/> in an identity policy, which has no principal).
    /// </summary>
    internal PrincipalMatch Match(AuthorizationRequest request)
    {
        if (!MatchesAction(request.Action) || !MatchesResource(request.Resource, request.Conditions))
        {
            return PrincipalMatch.None;
        }

        var match = _principals?.Match(request.PrincipalArn, request.PrincipalAccount) ?? PrincipalMatch.Direct;
        if (match == PrincipalMatch.None)
        {
            return PrincipalMatch.None;
        }

        // Conditions last: they are the most expensive part and most statements are already ruled out.
        foreach (var condition in _conditions)
        {
            if (!condition.Evaluate(request.Conditions))
            {
                return PrincipalMatch.None;
            }
        }

        return match;
    }

    private bool MatchesAction(string action)
    {
        foreach (var pattern in _actions)
        {
            if (pattern.IsMatch(action, ignoreCase: true, EmptyConditionValues.Instance))
            {
                return !_notAction;
            }
        }

        return _notAction;
    }

    private bool MatchesResource(string resource, IConditionValues context)
    {
        if (_resources is null)
        {
            return true;
        }

        foreach (var pattern in _resources)
        {
            if (pattern.IsMatch(resource, ignoreCase: false, context))
            {
                return !_notResource;
            }
        }

        return _notResource;
    }
}

namespace Keyhold.Policy;

/// <summary>Evaluates one policy against one request, following IAM's rules within a single policy.</summary>
public static class PolicyEvaluator
{
    /// <summary>
    /// Any applicable Deny statement gives <see cref="PolicyDecision.Deny"/>; otherwise any applicable Allow gives
    /// <see cref="PolicyDecision.Allow"/> with the strongest principal match among them; otherwise
    /// <see cref="PolicyDecision.NotApplicable"/>. A statement applies when action, resource, principal and every
    /// condition match. Does not allocate, except to parse a request IP address for IpAddress conditions.
    /// </summary>
    public static PolicyResult Evaluate(PolicyDocument policy, AuthorizationRequest request)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(request);

        var best = PrincipalMatch.None;
        string? bestSid = null;
        foreach (var statement in policy.StatementArray)
        {
            if (statement.Effect == PolicyEffect.Allow && best == PrincipalMatch.Direct)
            {
                // Nothing can strengthen the result any more; only a later Deny matters.
                continue;
            }

            var match = statement.Match(request);
            if (match == PrincipalMatch.None)
            {
                continue;
            }

            if (statement.Effect == PolicyEffect.Deny)
            {
                return new PolicyResult(PolicyDecision.Deny, match, statement.Sid);
            }

            if (match > best)
            {
                best = match;
                bestSid = statement.Sid;
            }
        }

        return best == PrincipalMatch.None
            ? new PolicyResult(PolicyDecision.NotApplicable, PrincipalMatch.None, null)
            : new PolicyResult(PolicyDecision.Allow, best, bestSid);
    }
}

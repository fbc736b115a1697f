namespace Keyhold.Policy;

/// <summary>The result of <see cref="PolicyEvaluator.Evaluate"/>.</summary>
/// <param name="Decision">Allow, Deny or NotApplicable.</param>
/// <param name="Match">
/// For Allow, the strongest principal match over all applicable Allow statements; for Deny, the match of the denying
/// statement; <see cref="PrincipalMatch.None"/> when nothing applied.
/// </param>
/// <param name="Sid">The Sid of the statement that decided the result (the first one of the strongest match), if it has one.</param>
public readonly record struct PolicyResult(PolicyDecision Decision, PrincipalMatch Match, string? Sid);

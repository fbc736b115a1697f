namespace Keyhold.Policy;

/// <summary>The outcome of evaluating one policy against one request.</summary>
public enum PolicyDecision
{
    /// <summary>No statement applies: the policy neither allows nor denies (an implicit deny unless another policy allows).</summary>
    NotApplicable,

    /// <summary>At least one Allow statement applies and no Deny statement does.</summary>
    Allow,

    /// <summary>A Deny statement applies; this wins over every Allow, in this policy and in any other.</summary>
    Deny,
}

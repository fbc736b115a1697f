namespace Keyhold.Policy;

/// <summary>Which kind of policy a document is; the kind decides which elements a statement must or must not have.</summary>
public enum PolicyKind
{
    /// <summary>A resource policy attached to a KMS key: every statement names a Principal or NotPrincipal, and Resource is optional ("*" means the key itself).</summary>
    KeyPolicy,

    /// <summary>A policy attached to a user or role: statements have no Principal (the principal is whoever holds the policy) and must name a Resource or NotResource.</summary>
    IdentityPolicy,
}

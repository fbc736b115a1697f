namespace Keyhold.Policy;

/// <summary>One request to authorize: who calls which action on which resource, with the request context for conditions.</summary>
public sealed class AuthorizationRequest
{
    /// <summary>The action, e.g. <c>kms:Encrypt</c>; matched case-insensitively.</summary>
    public required string Action { get; init; }

    /// <summary>The key ARN, or <c>*</c> for operations without a resource (CreateKey, ListKeys); matched case-sensitively.</summary>
    public required string Resource { get; init; }

    /// <summary>The caller: <c>arn:aws:iam::111122223333:root</c>, <c>arn:aws:iam::111122223333:user/alice</c>, a role or an assumed-role session ARN.</summary>
    public required string PrincipalArn { get; init; }

    /// <summary>The caller's 12-digit account id.</summary>
    public required string PrincipalAccount { get; init; }

    /// <summary>
    /// The condition keys of the request (<c>kms:CallerAccount</c>, <c>aws:CurrentTime</c>, <c>kms:EncryptionContext:…</c>,
    /// <c>aws:username</c> for policy variables, …). The evaluator reads only this: the caller fields above are not copied
    /// into it automatically. Empty when unset.
    /// </summary>
    public IConditionValues Conditions { get; init; } = EmptyConditionValues.Instance;
}

namespace Keyhold.Policy;

/// <summary>
/// How strongly the statement that decided the result names the caller. Ordered: a larger value is a stronger match.
/// </summary>
public enum PrincipalMatch
{
    /// <summary>The statement does not name the caller (or nothing applied).</summary>
    None,

    /// <summary>
    /// The statement names the caller's account (account id or <c>arn:aws:iam::ACCOUNT:root</c>) and the caller is an
    /// IAM user or role in it: the key policy delegates to the account, so an identity policy must also allow the request.
    /// </summary>
    Account,

    /// <summary>The statement names the caller itself, or <c>*</c>, or the caller is the named account's root: the key policy alone decides.</summary>
    Direct,
}

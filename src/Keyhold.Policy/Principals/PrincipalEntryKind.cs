namespace Keyhold.Policy.Principals;

/// <summary>What a value in a Principal/NotPrincipal element names.</summary>
internal enum PrincipalEntryKind
{
    /// <summary><c>*</c>: every caller.</summary>
    Everyone,

    /// <summary>An account: a 12-digit id or <c>arn:aws:iam::ACCOUNT:root</c>. Delegates to the account's IAM policies.</summary>
    Account,

    /// <summary>One IAM user or assumed-role session, matched by exact ARN.</summary>
    Arn,

    /// <summary>An IAM role: matches the role ARN itself and every assumed-role session of that role.</summary>
    Role,

    /// <summary>A <c>Service</c> or <c>Federated</c> principal, which an IAM caller never is.</summary>
    NonIam,
}

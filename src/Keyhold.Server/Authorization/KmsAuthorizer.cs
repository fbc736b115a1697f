using Keyhold.Core.Errors;
using Keyhold.Core.Grants;
using Keyhold.Core.Keys;
using Keyhold.Core.Storage;
using Keyhold.Policy;
using Keyhold.Server.Protocol;

namespace Keyhold.Server.Authorization;

/// <summary>
/// AWS's authorization for KMS (docs/designs/authorization.md): an explicit Deny in the key policy or an identity policy
/// wins; otherwise a request on a key is allowed when the key policy allows the caller directly, or allows the caller's
/// account and the caller's identity policy allows too (the account root needs none), or when one of the caller's grants
/// on the key covers the operation and its constraints. Requests without a key (CreateKey, ListKeys, …) need only the
/// identity policy. Denials are AccessDeniedException in AWS's words.
/// </summary>
internal sealed class KmsAuthorizer(IKeyholdStore store, PolicyCache policies, IdentityPolicyCache identities, TimeProvider time)
{
    /// <summary>Authorizes the request's own action (<c>kms:&lt;Operation&gt;</c>) on <paramref name="key"/>.</summary>
    public ValueTask AuthorizeAsync(KmsRequestContext context, KeyRecord key, CancellationToken cancellationToken) =>
        AuthorizeAsync(context, key, KeyAccess.For(context.Operation), cancellationToken);

    public async ValueTask AuthorizeAsync(KmsRequestContext context, KeyRecord key, KeyAccess access, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(access);
        context.AddResource(key.Arn);
        var principal = context.Principal;
        var keyPolicy = policies.Get(key.Policy, PolicyKind.KeyPolicy);
        var identityPolicies = principal.IsRoot
            ? []
            : await identities.GetAsync(principal.AccountId, principal.UserName!, cancellationToken).ConfigureAwait(false);
        var request = await CreateRequestAsync(context, key, access, keyPolicy, identityPolicies, cancellationToken).ConfigureAwait(false);

        if (keyPolicy is null && IsRepair(principal, key, access.Action))
        {
            return;
        }

        var fromKey = keyPolicy is null ? default : PolicyEvaluator.Evaluate(keyPolicy, request);
        var fromIdentity = EvaluateIdentity(principal.IsRoot, identityPolicies, request);
        if (fromKey.Decision == PolicyDecision.Deny)
        {
            throw AccessDenied.ExplicitDenyInResourcePolicy(principal.Arn, access.Action, key.Arn);
        }

        if (fromIdentity == PolicyDecision.Deny)
        {
            throw AccessDenied.ExplicitDenyInIdentityPolicy(principal.Arn, access.Action, key.Arn);
        }

        var sameAccount = key.AccountId == principal.AccountId;
        var identityAllows = fromIdentity == PolicyDecision.Allow;
        if (fromKey.Decision == PolicyDecision.Allow
            && ((fromKey.Match == PrincipalMatch.Direct && sameAccount) || identityAllows))
        {
            return;
        }

        if (await FindGrantAsync(context, key, access, request, cancellationToken).ConfigureAwait(false) is { } grant)
        {
            context.AuthorizingGrant = grant;
            return;
        }

        throw fromKey.Decision == PolicyDecision.Allow
            ? AccessDenied.NoIdentityPolicy(principal.Arn, access.Action, key.Arn)
            : AccessDenied.NoResourcePolicy(principal.Arn, access.Action, key.Arn);
    }

    /// <summary>
    /// Authorizes an action that names no key (<c>kms:CreateKey</c>, <c>kms:ListAliases</c>, <c>iam:CreateUser</c>): the
    /// account root may, a user needs an identity policy that allows it on <paramref name="resource"/>.
    /// </summary>
    public async ValueTask AuthorizeIdentityAsync(KmsRequestContext context, string action, string resource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var principal = context.Principal;
        if (principal.IsRoot)
        {
            return;
        }

        var identityPolicies = await identities.GetAsync(principal.AccountId, principal.UserName!, cancellationToken).ConfigureAwait(false);
        var request = new AuthorizationRequest
        {
            Action = action,
            Resource = resource,
            PrincipalArn = principal.Arn,
            PrincipalAccount = principal.AccountId,
            Conditions = new RequestConditions(context, null, time.GetUtcNow(), null, null, null, null),
        };
        switch (EvaluateIdentity(false, identityPolicies, request))
        {
            case PolicyDecision.Deny:
                throw AccessDenied.ExplicitDenyInIdentityPolicy(principal.Arn, action, resource);
            case PolicyDecision.Allow:
                return;
            default:
                throw AccessDenied.NoIdentityPolicy(principal.Arn, action, resource);
        }
    }

    /// <summary>
    /// AWS's policy lockout safety check for CreateKey and PutKeyPolicy: the new policy must let the caller call
    /// PutKeyPolicy on the key later, or the key could become unmanageable.
    /// </summary>
    public async ValueTask EnsureCanStillManageAsync(KmsRequestContext context, KeyRecord key, PolicyDocument newPolicy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(newPolicy);
        var principal = context.Principal;
        var identityPolicies = principal.IsRoot
            ? []
            : await identities.GetAsync(principal.AccountId, principal.UserName!, cancellationToken).ConfigureAwait(false);
        var access = new KeyAccess("kms:PutKeyPolicy");
        var request = await CreateRequestAsync(context, key, access, newPolicy, identityPolicies, cancellationToken).ConfigureAwait(false);
        var fromKey = PolicyEvaluator.Evaluate(newPolicy, request);
        var identityAllows = EvaluateIdentity(principal.IsRoot, identityPolicies, request) == PolicyDecision.Allow;
        if (fromKey.Decision != PolicyDecision.Allow || (fromKey.Match != PrincipalMatch.Direct && !identityAllows))
        {
            throw new KmsException(KmsErrorCodes.MalformedPolicyDocument, "The new key policy will not allow you to update the key policy in the future.");
        }
    }

    /// <summary>
    /// A stored key policy that does not parse (one written before policies were evaluated, or by a newer build) allows
    /// nothing — except that the root of the key's account may read it and replace it, so such a key can be repaired
    /// rather than lost.
    /// </summary>
    private static bool IsRepair(Core.Accounts.Principal principal, KeyRecord key, string action) =>
        principal.IsRoot && principal.AccountId == key.AccountId
        && action is "kms:PutKeyPolicy" or "kms:GetKeyPolicy" or "kms:ListKeyPolicies" or "kms:DescribeKey";

    private static PolicyDecision EvaluateIdentity(bool isRoot, IReadOnlyList<PolicyDocument> documents, AuthorizationRequest request)
    {
        if (isRoot)
        {
            return PolicyDecision.Allow;
        }

        var decision = PolicyDecision.NotApplicable;
        foreach (var document in documents)
        {
            var result = PolicyEvaluator.Evaluate(document, request).Decision;
            if (result == PolicyDecision.Deny)
            {
                return PolicyDecision.Deny;
            }

            if (result == PolicyDecision.Allow)
            {
                decision = PolicyDecision.Allow;
            }
        }

        return decision;
    }

    private async ValueTask<AuthorizationRequest> CreateRequestAsync(
        KmsRequestContext context,
        KeyRecord key,
        KeyAccess access,
        PolicyDocument? keyPolicy,
        IReadOnlyList<PolicyDocument> identityPolicies,
        CancellationToken cancellationToken)
    {
        // Tags and aliases cost a store read each: fetched only when some policy in play names them.
        var tags = References(keyPolicy, identityPolicies, "aws:ResourceTag/")
            ? await store.GetTagsAsync(key.KeyId, cancellationToken).ConfigureAwait(false)
            : null;
        IReadOnlyList<string>? aliases = null;
        if (References(keyPolicy, identityPolicies, "kms:ResourceAliases"))
        {
            var records = await store.ListAliasesAsync(key.AccountId, key.Region, key.KeyId, null, 1000, cancellationToken).ConfigureAwait(false);
            aliases = records.Count > 0 ? records.Select(a => a.AliasName).ToArray() : null;
        }

        return new AuthorizationRequest
        {
            Action = access.Action,
            Resource = key.Arn,
            PrincipalArn = context.Principal.Arn,
            PrincipalAccount = context.AccountId,
            Conditions = new RequestConditions(context, key, time.GetUtcNow(), access.EncryptionContext, tags, aliases, access.OperationValues),
        };
    }

    private static bool References(PolicyDocument? keyPolicy, IReadOnlyList<PolicyDocument> identityPolicies, string conditionKey) =>
        (keyPolicy?.ReferencesConditionKey(conditionKey) ?? false) || identityPolicies.Any(p => p.ReferencesConditionKey(conditionKey));

    private async ValueTask<GrantRecord?> FindGrantAsync(
        KmsRequestContext context, KeyRecord key, KeyAccess access, AuthorizationRequest request, CancellationToken cancellationToken)
    {
        if (!access.Action.StartsWith("kms:", StringComparison.Ordinal))
        {
            return null;
        }

        var operation = access.Action[4..];
        if (!GrantOperations.IsGrantable(operation))
        {
            return null;
        }

        var grants = await store.GetGrantsForGranteeAsync(key.KeyId, context.Principal.Arn, cancellationToken).ConfigureAwait(false);
        foreach (var grant in grants)
        {
            if (grant.Operations.Contains(operation, StringComparer.Ordinal) && GrantOperations.ConstraintsHold(grant, operation, request.Conditions))
            {
                return grant;
            }
        }

        return null;
    }
}

using Keyhold.Core.Errors;
using Keyhold.Core.Keys;
using Keyhold.Core.Storage;
using Keyhold.Server.Authorization;
using Keyhold.Server.Protocol;

namespace Keyhold.Server.Keys;

/// <summary>
/// Turns a KeyId member (key id, key ARN, alias name or alias ARN) into a key and authorizes the request on it, with
/// AWS's errors: a malformed id is <c>Invalid keyId '…'</c>, a well-formed but unknown one is
/// <c>Key '&lt;arn&gt;' does not exist</c>, an ARN of another region is <c>Invalid arn &lt;region&gt;</c>
/// (shared/reference/aws-recorded/README.md). A key ARN of another account finds that account's key only for the
/// operations AWS allows across accounts (<see cref="CrossAccountOperations"/>); aliases never cross accounts.
/// </summary>
internal sealed class KeyResolver(IKeyholdStore store, KmsAuthorizer authorizer)
{
    /// <summary>Finds the key and authorizes the request's own action (<c>kms:&lt;Operation&gt;</c>) on it.</summary>
    public Task<KeyRecord> ResolveAsync(KmsRequestContext context, string keyId, bool allowAlias, CancellationToken cancellationToken) =>
        ResolveAsync(context, keyId, allowAlias, KeyAccess.For(context.Operation), cancellationToken);

    /// <summary>Finds the key and authorizes <paramref name="access"/> on it.</summary>
    public async Task<KeyRecord> ResolveAsync(KmsRequestContext context, string keyId, bool allowAlias, KeyAccess access, CancellationToken cancellationToken)
    {
        var key = await FindAsync(context, keyId, allowAlias, cancellationToken).ConfigureAwait(false);
        await authorizer.AuthorizeAsync(context, key, access, cancellationToken).ConfigureAwait(false);
        return key;
    }

    /// <summary>Finds the key without authorizing anything: the caller authorizes before using it.</summary>
    public async Task<KeyRecord> FindAsync(KmsRequestContext context, string keyId, bool allowAlias, CancellationToken cancellationToken)
    {
        var reference = KeyReference.Parse(keyId, context.Region, allowAlias);
        if (reference.AccountId is not null && reference.AccountId != context.AccountId)
        {
            // Checked before the alias lookup, which would otherwise find the caller's own alias of that name.
            if (reference.AliasName is not null)
            {
                throw KmsErrors.AliasNotFound(KeyArn.FormatAlias(context.Region, reference.AccountId, reference.AliasName));
            }

            var notFound = KmsErrors.KeyNotFound(KeyArn.Format(context.Region, reference.AccountId, reference.KeyId!));
            if (!CrossAccountOperations.Allows(context.Operation))
            {
                throw notFound;
            }

            return await store.GetKeyAsync(reference.AccountId, context.Region, reference.KeyId!, cancellationToken).ConfigureAwait(false)
                ?? throw notFound;
        }

        if (reference.AliasName is not null)
        {
            var alias = await store.GetAliasAsync(context.AccountId, context.Region, reference.AliasName, cancellationToken).ConfigureAwait(false)
                ?? throw KmsErrors.AliasNotFound(KeyArn.FormatAlias(context.Region, context.AccountId, reference.AliasName));
            return await GetAsync(context, alias.TargetKeyId, cancellationToken).ConfigureAwait(false);
        }

        return await GetAsync(context, reference.KeyId!, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads one of the caller's own keys by id, without authorizing (re-reads after a lost compare-and-swap).</summary>
    public async Task<KeyRecord> GetAsync(KmsRequestContext context, string keyId, CancellationToken cancellationToken) =>
        await store.GetKeyAsync(context.AccountId, context.Region, keyId, cancellationToken).ConfigureAwait(false)
        ?? throw KmsErrors.KeyNotFound(KeyArn.Format(context.Region, context.AccountId, keyId));
}

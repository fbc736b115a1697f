using Keyhold.Core.Errors;
using Keyhold.Core.Keys;
using Keyhold.Core.Storage;
using Keyhold.Server.Protocol;

namespace Keyhold.Server.Keys;

/// <summary>
/// Turns a KeyId member (key id, key ARN, alias name or alias ARN) into the caller's key, with AWS's errors:
/// a malformed id is <c>Invalid keyId '…'</c>, a well-formed but unknown one is <c>Key '&lt;arn&gt;' does not exist</c>,
/// an ARN of another region is <c>Invalid arn &lt;region&gt;</c> (shared/reference/aws-recorded/README.md).
/// </summary>
internal sealed class KeyResolver(IKeyholdStore store)
{
    public async Task<KeyRecord> ResolveAsync(KmsRequestContext context, string keyId, bool allowAlias, CancellationToken cancellationToken)
    {
        var reference = KeyReference.Parse(keyId, context.Region, allowAlias);
        if (reference.AccountId is not null && reference.AccountId != context.AccountId)
        {
            // Cross-account use needs key policies (a later issue); until then another account's keys and aliases
            // are invisible. Checked before the alias lookup, which would otherwise find the caller's own alias.
            throw reference.AliasName is not null
                ? KmsErrors.AliasNotFound(KeyArn.FormatAlias(context.Region, reference.AccountId, reference.AliasName))
                : KmsErrors.KeyNotFound(KeyArn.Format(context.Region, reference.AccountId, reference.KeyId!));
        }

        if (reference.AliasName is not null)
        {
            var alias = await store.GetAliasAsync(context.AccountId, context.Region, reference.AliasName, cancellationToken).ConfigureAwait(false)
                ?? throw KmsErrors.AliasNotFound(KeyArn.FormatAlias(context.Region, context.AccountId, reference.AliasName));
            return await GetAsync(context, alias.TargetKeyId, cancellationToken).ConfigureAwait(false);
        }

        return await GetAsync(context, reference.KeyId!, cancellationToken).ConfigureAwait(false);
    }

    public async Task<KeyRecord> GetAsync(KmsRequestContext context, string keyId, CancellationToken cancellationToken) =>
        await store.GetKeyAsync(context.AccountId, context.Region, keyId, cancellationToken).ConfigureAwait(false)
        ?? throw KmsErrors.KeyNotFound(KeyArn.Format(context.Region, context.AccountId, keyId));
}

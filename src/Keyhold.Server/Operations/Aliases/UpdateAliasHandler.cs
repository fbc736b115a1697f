using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Aliases;
using Keyhold.Core.Errors;
using Keyhold.Core.Keys;
using Keyhold.Core.Storage;
using Keyhold.Server.Authorization;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Aliases;

/// <summary>UpdateAlias: repoints an existing alias at another key of the same account and region.</summary>
internal sealed class UpdateAliasHandler(IKeyholdStore store, KeyResolver resolver, KmsAuthorizer authorizer, TimeProvider time)
    : KmsOperation<AliasRequest, EmptyResponse>
{
    public override string Name => "UpdateAlias";

    protected override JsonTypeInfo<AliasRequest> RequestType => KmsJsonContext.Default.AliasRequest;

    protected override JsonTypeInfo<EmptyResponse> ResponseType => KmsJsonContext.Default.EmptyResponse;

    public override async Task<EmptyResponse> HandleAsync(KmsRequestContext context, AliasRequest request, CancellationToken cancellationToken)
    {
        var aliasName = request.AliasName!;
        AliasNameRules.ValidateName(aliasName);
        await authorizer.AuthorizeIdentityAsync(context, "kms:UpdateAlias", KeyArn.FormatAlias(context.Region, context.AccountId, aliasName), cancellationToken).ConfigureAwait(false);
        var current = await store.GetAliasAsync(context.AccountId, context.Region, aliasName, cancellationToken).ConfigureAwait(false)
            ?? throw KmsErrors.AliasNotFound(KeyArn.FormatAlias(context.Region, context.AccountId, aliasName));
        var key = await resolver.ResolveAsync(context, request.TargetKeyId!, allowAlias: false, cancellationToken).ConfigureAwait(false);
        KeyStateRules.EnsureNotPendingDeletion(key);
        var previous = await store.GetKeyAsync(context.AccountId, context.Region, current.TargetKeyId, cancellationToken).ConfigureAwait(false);
        if (previous is not null)
        {
            // AWS: kms:UpdateAlias is needed on the alias (identity policy) and on both the current and the new key.
            await authorizer.AuthorizeAsync(context, previous, cancellationToken).ConfigureAwait(false);
        }

        if (previous is not null && (previous.KeyUsage != key.KeyUsage || previous.KeySpec != key.KeySpec))
        {
            throw KmsErrors.Validation($"Alias {aliasName} points at a {previous.KeySpec} key with usage {previous.KeyUsage}; the new target key must have the same key spec and usage.");
        }

        if (!await store.UpdateAliasAsync(context.AccountId, context.Region, aliasName, key.KeyId, time.GetUtcNow(), context.Principal.Arn, expectedTargetKeyId: null, cancellationToken).ConfigureAwait(false))
        {
            throw KmsErrors.AliasNotFound(KeyArn.FormatAlias(context.Region, context.AccountId, aliasName));
        }

        return new EmptyResponse();
    }
}

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

/// <summary>DeleteAlias: removes an alias; the key it pointed at is not affected.</summary>
internal sealed class DeleteAliasHandler(IKeyholdStore store, KmsAuthorizer authorizer, TimeProvider time) : KmsOperation<AliasRequest, EmptyResponse>
{
    public override string Name => "DeleteAlias";

    protected override JsonTypeInfo<AliasRequest> RequestType => KmsJsonContext.Default.AliasRequest;

    protected override JsonTypeInfo<EmptyResponse> ResponseType => KmsJsonContext.Default.EmptyResponse;

    public override async Task<EmptyResponse> HandleAsync(KmsRequestContext context, AliasRequest request, CancellationToken cancellationToken)
    {
        var aliasName = request.AliasName!;
        AliasNameRules.ValidateName(aliasName);
        var aliasArn = KeyArn.FormatAlias(context.Region, context.AccountId, aliasName);
        await authorizer.AuthorizeIdentityAsync(context, "kms:DeleteAlias", aliasArn, cancellationToken).ConfigureAwait(false);
        var alias = await store.GetAliasAsync(context.AccountId, context.Region, aliasName, cancellationToken).ConfigureAwait(false)
            ?? throw KmsErrors.AliasNotFound(aliasArn);
        if (await store.GetKeyAsync(context.AccountId, context.Region, alias.TargetKeyId, cancellationToken).ConfigureAwait(false) is { } key)
        {
            await authorizer.AuthorizeAsync(context, key, cancellationToken).ConfigureAwait(false);
        }

        if (!await store.DeleteAliasAsync(context.AccountId, context.Region, aliasName, time.GetUtcNow(), context.Principal.Arn, cancellationToken).ConfigureAwait(false))
        {
            throw KmsErrors.AliasNotFound(KeyArn.FormatAlias(context.Region, context.AccountId, aliasName));
        }

        return new EmptyResponse();
    }
}

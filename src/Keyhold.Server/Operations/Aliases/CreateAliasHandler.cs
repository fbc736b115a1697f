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

/// <summary>CreateAlias: a new alias name in the caller's account and region, pointing at a key (id or ARN, not an alias).</summary>
internal sealed class CreateAliasHandler(IKeyholdStore store, KeyResolver resolver, KmsAuthorizer authorizer, TimeProvider time)
    : KmsOperation<AliasRequest, EmptyResponse>
{
    public override string Name => "CreateAlias";

    protected override JsonTypeInfo<AliasRequest> RequestType => KmsJsonContext.Default.AliasRequest;

    protected override JsonTypeInfo<EmptyResponse> ResponseType => KmsJsonContext.Default.EmptyResponse;

    public override async Task<EmptyResponse> HandleAsync(KmsRequestContext context, AliasRequest request, CancellationToken cancellationToken)
    {
        var aliasName = request.AliasName!;
        AliasNameRules.ValidateNewName(aliasName);
        await authorizer.AuthorizeIdentityAsync(context, "kms:CreateAlias", KeyArn.FormatAlias(context.Region, context.AccountId, aliasName), cancellationToken).ConfigureAwait(false);
        var key = await resolver.ResolveAsync(context, request.TargetKeyId!, allowAlias: false, cancellationToken).ConfigureAwait(false);
        KeyStateRules.EnsureNotPendingDeletion(key);
        var now = time.GetUtcNow();
        try
        {
            await store.CreateAliasAsync(
                new AliasRecord
                {
                    AccountId = context.AccountId,
                    Region = context.Region,
                    AliasName = aliasName,
                    TargetKeyId = key.KeyId,
                    CreationDate = now,
                    LastUpdatedDate = now,
                },
                context.Principal.Arn,
                cancellationToken).ConfigureAwait(false);
        }
        catch (StoreConflictException)
        {
            throw new KmsException(KmsErrorCodes.AlreadyExists, $"An alias with the name {KeyArn.FormatAlias(context.Region, context.AccountId, aliasName)} already exists");
        }

        return new EmptyResponse();
    }
}

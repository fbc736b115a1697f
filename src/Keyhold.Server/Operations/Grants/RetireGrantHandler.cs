using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Accounts;
using Keyhold.Core.Errors;
using Keyhold.Core.Grants;
using Keyhold.Core.Keys;
using Keyhold.Core.Storage;
using Keyhold.Server.Authorization;
using Keyhold.Server.Grants;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Grants;

/// <summary>
/// RetireGrant: deletes a grant named by its token, or by key and grant id. Allowed, as AWS documents, to the grant's
/// retiring principal, to its grantee when the grant includes RetireGrant, to the root of the account the grant was
/// created in, and to principals that the key policy gives kms:RetireGrant.
/// </summary>
internal sealed class RetireGrantHandler(IKeyholdStore store, KeyResolver resolver, KmsAuthorizer authorizer) : KmsOperation<RetireGrantRequest, EmptyResponse>
{
    public override string Name => "RetireGrant";

    protected override JsonTypeInfo<RetireGrantRequest> RequestType => KmsJsonContext.Default.RetireGrantRequest;

    protected override JsonTypeInfo<EmptyResponse> ResponseType => KmsJsonContext.Default.EmptyResponse;

    public override async Task<EmptyResponse> HandleAsync(KmsRequestContext context, RetireGrantRequest request, CancellationToken cancellationToken)
    {
        var grant = await FindAsync(context, request, cancellationToken).ConfigureAwait(false);
        var key = await store.GetKeyAsync(grant.AccountId, grant.Region, grant.KeyId, cancellationToken).ConfigureAwait(false)
            ?? throw KmsErrors.KeyNotFound(KeyArn.Format(grant.Region, grant.AccountId, grant.KeyId));
        context.AddResource(key.Arn);
        var caller = context.Principal.Arn;
        var allowedByGrant = caller == grant.RetiringPrincipal
            || (caller == grant.GranteePrincipal && grant.Operations.Contains("RetireGrant", StringComparer.Ordinal))
            || caller == Principal.RootArn(grant.AccountId);
        if (!allowedByGrant)
        {
            await authorizer.AuthorizeAsync(context, key, cancellationToken).ConfigureAwait(false);
        }

        if (request.DryRun == true)
        {
            throw KmsErrors.DryRun();
        }

        await store.DeleteGrantAsync(grant.KeyId, grant.GrantId, cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }

    private async Task<GrantRecord> FindAsync(KmsRequestContext context, RetireGrantRequest request, CancellationToken cancellationToken)
    {
        if (request.GrantToken is { } token)
        {
            if (!GrantTokens.IsWellFormedToken(token))
            {
                throw GrantTokens.InvalidToken();
            }

            return await store.GetGrantByTokenAsync(token, cancellationToken).ConfigureAwait(false)
                ?? throw new KmsException(KmsErrorCodes.NotFound, "Grant token does not name an existing grant.");
        }

        if (request.KeyId is null || request.GrantId is null)
        {
            throw KmsErrors.Validation("Either GrantToken, or both KeyId and GrantId, must be specified.");
        }

        if (!GrantTokens.IsWellFormedGrantId(request.GrantId))
        {
            throw new KmsException(KmsErrorCodes.InvalidGrantId, $"Invalid grant ID {request.GrantId}");
        }

        var key = await resolver.FindAsync(context, request.KeyId, allowAlias: false, cancellationToken).ConfigureAwait(false);
        return await store.GetGrantAsync(key.KeyId, request.GrantId, cancellationToken).ConfigureAwait(false)
            ?? throw new KmsException(KmsErrorCodes.NotFound, $"Grant ID {request.GrantId} not found");
    }
}

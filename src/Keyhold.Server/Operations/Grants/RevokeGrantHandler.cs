using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Core.Storage;
using Keyhold.Server.Grants;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Grants;

/// <summary>RevokeGrant: deletes a grant, with kms:RevokeGrant on the key (key policy), at once.</summary>
internal sealed class RevokeGrantHandler(IKeyholdStore store, KeyResolver resolver) : KmsOperation<RevokeGrantRequest, EmptyResponse>
{
    public override string Name => "RevokeGrant";

    protected override JsonTypeInfo<RevokeGrantRequest> RequestType => KmsJsonContext.Default.RevokeGrantRequest;

    protected override JsonTypeInfo<EmptyResponse> ResponseType => KmsJsonContext.Default.EmptyResponse;

    public override async Task<EmptyResponse> HandleAsync(KmsRequestContext context, RevokeGrantRequest request, CancellationToken cancellationToken)
    {
        var key = await resolver.ResolveAsync(context, request.KeyId!, allowAlias: false, cancellationToken).ConfigureAwait(false);
        var grantId = request.GrantId!;
        if (!GrantTokens.IsWellFormedGrantId(grantId))
        {
            throw new KmsException(KmsErrorCodes.InvalidGrantId, $"Invalid grant ID {grantId}");
        }

        if (await store.GetGrantAsync(key.KeyId, grantId, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new KmsException(KmsErrorCodes.NotFound, $"Grant ID {grantId} not found");
        }

        if (request.DryRun == true)
        {
            throw KmsErrors.DryRun();
        }

        await store.DeleteGrantAsync(key.KeyId, grantId, cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

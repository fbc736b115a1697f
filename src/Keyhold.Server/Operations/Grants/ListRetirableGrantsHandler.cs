using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Storage;
using Keyhold.Server.Authorization;
using Keyhold.Server.Grants;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Grants;

/// <summary>ListRetirableGrants: every grant whose retiring principal is the given one (an identity-policy permission).</summary>
internal sealed class ListRetirableGrantsHandler(IKeyholdStore store, KmsAuthorizer authorizer) : KmsOperation<ListRetirableGrantsRequest, ListGrantsResponse>
{
    private const int DefaultLimit = 50;
    private const int MaxLimit = 100;

    public override string Name => "ListRetirableGrants";

    protected override JsonTypeInfo<ListRetirableGrantsRequest> RequestType => KmsJsonContext.Default.ListRetirableGrantsRequest;

    protected override JsonTypeInfo<ListGrantsResponse> ResponseType => KmsJsonContext.Default.ListGrantsResponse;

    public override async Task<ListGrantsResponse> HandleAsync(KmsRequestContext context, ListRetirableGrantsRequest request, CancellationToken cancellationToken)
    {
        await authorizer.AuthorizeIdentityAsync(context, "kms:ListRetirableGrants", "*", cancellationToken).ConfigureAwait(false);
        var limit = Math.Min(PageMarker.LimitOrDefault(request.Limit, DefaultLimit), MaxLimit);
        var after = PageMarker.Decode("retirable", request.Marker);
        GrantPrincipals.Validate(request.RetiringPrincipal!, "RetiringPrincipal");
        var grants = await store.ListRetirableGrantsAsync(request.RetiringPrincipal!, after, limit + 1, cancellationToken).ConfigureAwait(false);
        var truncated = grants.Count > limit;
        var page = grants.Take(limit).Select(GrantMapper.ToEntry).ToList();
        return new ListGrantsResponse(page, truncated ? PageMarker.Encode("retirable", page[^1].GrantId) : null, truncated);
    }
}

using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Storage;
using Keyhold.Server.Grants;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Grants;

/// <summary>ListGrants: the grants of one key, optionally one grant id or one grantee, paged by grant id.</summary>
internal sealed class ListGrantsHandler(IKeyholdStore store, KeyResolver resolver) : KmsOperation<ListGrantsRequest, ListGrantsResponse>
{
    // AWS: "between 1 and 100, inclusive. If you do not include a value, it defaults to 50."
    private const int DefaultLimit = 50;
    private const int MaxLimit = 100;

    public override string Name => "ListGrants";

    protected override JsonTypeInfo<ListGrantsRequest> RequestType => KmsJsonContext.Default.ListGrantsRequest;

    protected override JsonTypeInfo<ListGrantsResponse> ResponseType => KmsJsonContext.Default.ListGrantsResponse;

    public override async Task<ListGrantsResponse> HandleAsync(KmsRequestContext context, ListGrantsRequest request, CancellationToken cancellationToken)
    {
        var limit = Math.Min(PageMarker.LimitOrDefault(request.Limit, DefaultLimit), MaxLimit);
        var after = PageMarker.Decode("grants", request.Marker);
        var key = await resolver.ResolveAsync(context, request.KeyId!, allowAlias: false, cancellationToken).ConfigureAwait(false);
        var grants = await store.ListGrantsAsync(key.KeyId, request.GrantId, request.GranteePrincipal, after, limit + 1, cancellationToken).ConfigureAwait(false);
        var truncated = grants.Count > limit;
        var page = grants.Take(limit).Select(GrantMapper.ToEntry).ToList();
        return new ListGrantsResponse(page, truncated ? PageMarker.Encode("grants", page[^1].GrantId) : null, truncated);
    }
}

using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Core.Storage;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Tags;

/// <summary>ListResourceTags: a key's tags ordered by tag key, 50 per page by default.</summary>
internal sealed class ListResourceTagsHandler(IKeyholdStore store, KeyResolver resolver)
    : KmsOperation<ListResourceTagsRequest, ListResourceTagsResponse>
{
    // AWS: "between 1 and 50, inclusive. If you do not include a value, it defaults to 50."
    private const int MaxLimit = 50;

    public override string Name => "ListResourceTags";

    protected override JsonTypeInfo<ListResourceTagsRequest> RequestType => KmsJsonContext.Default.ListResourceTagsRequest;

    protected override JsonTypeInfo<ListResourceTagsResponse> ResponseType => KmsJsonContext.Default.ListResourceTagsResponse;

    public override async Task<ListResourceTagsResponse> HandleAsync(KmsRequestContext context, ListResourceTagsRequest request, CancellationToken cancellationToken)
    {
        var key = await resolver.ResolveAsync(context, request.KeyId!, allowAlias: false, cancellationToken).ConfigureAwait(false);
        var limit = Math.Min(PageMarker.LimitOrDefault(request.Limit, MaxLimit), MaxLimit);
        var after = PageMarker.Decode("tags", request.Marker);
        var tags = (await store.GetTagsAsync(key.KeyId, cancellationToken).ConfigureAwait(false))
            .Where(t => after is null || string.CompareOrdinal(t.TagKey, after) > 0)
            .OrderBy(t => t.TagKey, StringComparer.Ordinal)
            .ToList();
        var page = tags.Take(limit).Select(t => new Tag(t.TagKey, t.TagValue)).ToList();
        var truncated = tags.Count > limit;
        return new ListResourceTagsResponse(page, truncated ? PageMarker.Encode("tags", page[^1].TagKey!) : null, truncated);
    }
}

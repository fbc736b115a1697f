using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Core.Storage;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Tags;

/// <summary>TagResource: adds tags or overwrites the values of existing tag keys (at most 50 per key).</summary>
internal sealed class TagResourceHandler(IKeyholdStore store, KeyResolver resolver) : KmsOperation<TagResourceRequest, EmptyResponse>
{
    public override string Name => "TagResource";

    protected override JsonTypeInfo<TagResourceRequest> RequestType => KmsJsonContext.Default.TagResourceRequest;

    protected override JsonTypeInfo<EmptyResponse> ResponseType => KmsJsonContext.Default.EmptyResponse;

    public override async Task<EmptyResponse> HandleAsync(KmsRequestContext context, TagResourceRequest request, CancellationToken cancellationToken)
    {
        var key = await resolver.ResolveAsync(context, request.KeyId!, allowAlias: false, cancellationToken).ConfigureAwait(false);
        KeyStateRules.EnsureNotPendingDeletion(key);
        var existing = await store.GetTagsAsync(key.KeyId, cancellationToken).ConfigureAwait(false);
        var existingKeys = existing.Select(t => t.TagKey).ToHashSet(StringComparer.Ordinal);
        var untouched = existingKeys.Count - (request.Tags ?? []).Count(t => t.TagKey is not null && existingKeys.Contains(t.TagKey));
        var tags = TagRules.Validate(request.Tags, untouched);
        await store.UpdateTagsAsync(key.KeyId, tags, [], cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Core.Keys;
using Keyhold.Core.Storage;
using Keyhold.Server.Authorization;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Keys;

/// <summary>ListKeys: the caller's keys in this region, ordered by key id, paginated with Limit/Marker.</summary>
internal sealed class ListKeysHandler(IKeyholdStore store, KmsAuthorizer authorizer) : KmsOperation<ListKeysRequest, ListKeysResponse>
{
    public override string Name => "ListKeys";

    protected override JsonTypeInfo<ListKeysRequest> RequestType => KmsJsonContext.Default.ListKeysRequest;

    protected override JsonTypeInfo<ListKeysResponse> ResponseType => KmsJsonContext.Default.ListKeysResponse;

    public override async Task<ListKeysResponse> HandleAsync(KmsRequestContext context, ListKeysRequest request, CancellationToken cancellationToken)
    {
        await authorizer.AuthorizeIdentityAsync(context, "kms:ListKeys", "*", cancellationToken).ConfigureAwait(false);
        var limit = PageMarker.LimitOrDefault(request.Limit, 100);
        var after = PageMarker.Decode("keys", request.Marker);
        var keys = await store.ListKeysAsync(context.AccountId, context.Region, after, limit + 1, cancellationToken).ConfigureAwait(false);
        var truncated = keys.Count > limit;
        var page = new List<KeyListEntry>(Math.Min(keys.Count, limit));
        for (var i = 0; i < keys.Count && i < limit; i++)
        {
            page.Add(new KeyListEntry(keys[i].KeyId, keys[i].Arn));
        }

        return new ListKeysResponse(page, truncated ? PageMarker.Encode("keys", page[^1].KeyId) : null, truncated);
    }
}

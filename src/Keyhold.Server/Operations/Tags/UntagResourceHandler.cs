using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Core.Storage;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Tags;

/// <summary>UntagResource: removes tags by key; keys that are not present are ignored, as AWS does.</summary>
internal sealed class UntagResourceHandler(IKeyholdStore store, KeyResolver resolver) : KmsOperation<UntagResourceRequest, EmptyResponse>
{
    public override string Name => "UntagResource";

    protected override JsonTypeInfo<UntagResourceRequest> RequestType => KmsJsonContext.Default.UntagResourceRequest;

    protected override JsonTypeInfo<EmptyResponse> ResponseType => KmsJsonContext.Default.EmptyResponse;

    public override async Task<EmptyResponse> HandleAsync(KmsRequestContext context, UntagResourceRequest request, CancellationToken cancellationToken)
    {
        var key = await resolver.ResolveAsync(context, request.KeyId!, allowAlias: false, cancellationToken).ConfigureAwait(false);
        KeyStateRules.EnsureNotPendingDeletion(key);
        foreach (var tagKey in request.TagKeys ?? [])
        {
            if (tagKey.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                throw new KmsException(KmsErrorCodes.Tag, "Tags beginning with aws: are reserved");
            }
        }

        await store.UpdateTagsAsync(key.KeyId, [], request.TagKeys ?? [], cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

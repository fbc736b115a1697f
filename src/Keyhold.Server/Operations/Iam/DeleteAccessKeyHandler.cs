using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Storage;
using Keyhold.Server.Authentication;
using Keyhold.Server.Authorization;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Iam;

/// <summary>
/// <c>KeyholdService.DeleteAccessKey</c>: deletes an access key for good. It is refused at once on this node and within
/// <see cref="AccessKeyCache.Lifetime"/> on the others.
/// </summary>
internal sealed class DeleteAccessKeyHandler(IKeyholdStore store, KmsAuthorizer authorizer, AccessKeyCache accessKeys)
    : IamOperation<DeleteAccessKeyRequest, EmptyResponse>(authorizer)
{
    public override string Name => "DeleteAccessKey";

    protected override JsonTypeInfo<DeleteAccessKeyRequest> RequestType => KmsJsonContext.Default.DeleteAccessKeyRequest;

    protected override JsonTypeInfo<EmptyResponse> ResponseType => KmsJsonContext.Default.EmptyResponse;

    public override async Task<EmptyResponse> HandleAsync(KmsRequestContext context, DeleteAccessKeyRequest request, CancellationToken cancellationToken)
    {
        var accessKeyId = IamNames.AccessKeyId(request.AccessKeyId);
        var userName = request.UserName is null ? null : IamNames.User(request.UserName);
        var key = await AccessKeyLookup.FindAsync(store, context, accessKeyId, userName, cancellationToken).ConfigureAwait(false);
        await AuthorizeOnKeysOfAsync(context, key.UserName, cancellationToken).ConfigureAwait(false);
        if (!await store.DeleteAccessKeyAsync(accessKeyId, cancellationToken).ConfigureAwait(false))
        {
            throw IamErrors.NoSuchAccessKey(accessKeyId);
        }

        accessKeys.Evict(accessKeyId);
        return new EmptyResponse();
    }
}

using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Storage;
using Keyhold.Server.Authentication;
using Keyhold.Server.Authorization;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Iam;

/// <summary>
/// <c>KeyholdService.UpdateAccessKey</c>: activates or deactivates an access key. A deactivated key is refused at once
/// on this node and within <see cref="AccessKeyCache.Lifetime"/> on the others.
/// </summary>
internal sealed class UpdateAccessKeyHandler(IKeyholdStore store, KmsAuthorizer authorizer, AccessKeyCache accessKeys)
    : IamOperation<UpdateAccessKeyRequest, EmptyResponse>(authorizer)
{
    public override string Name => "UpdateAccessKey";

    protected override JsonTypeInfo<UpdateAccessKeyRequest> RequestType => KmsJsonContext.Default.UpdateAccessKeyRequest;

    protected override JsonTypeInfo<EmptyResponse> ResponseType => KmsJsonContext.Default.EmptyResponse;

    public override async Task<EmptyResponse> HandleAsync(KmsRequestContext context, UpdateAccessKeyRequest request, CancellationToken cancellationToken)
    {
        var accessKeyId = IamNames.AccessKeyId(request.AccessKeyId);
        var active = IamNames.Status(request.Status);
        var userName = request.UserName is null ? null : IamNames.User(request.UserName);
        var key = await AccessKeyLookup.FindAsync(store, context, accessKeyId, userName, cancellationToken).ConfigureAwait(false);
        await AuthorizeOnKeysOfAsync(context, key.UserName, cancellationToken).ConfigureAwait(false);
        if (!await store.SetAccessKeyActiveAsync(accessKeyId, active, cancellationToken).ConfigureAwait(false))
        {
            throw IamErrors.NoSuchAccessKey(accessKeyId);
        }

        accessKeys.Evict(accessKeyId);
        return new EmptyResponse();
    }
}

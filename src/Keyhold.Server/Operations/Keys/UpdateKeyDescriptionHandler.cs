using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Core.Keys;
using Keyhold.Core.Storage;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Keys;

/// <summary>UpdateKeyDescription: replaces the description; refused while the key is pending deletion.</summary>
internal sealed class UpdateKeyDescriptionHandler(KeyUpdater updater) : KmsOperation<UpdateKeyDescriptionRequest, EmptyResponse>
{
    public override string Name => "UpdateKeyDescription";

    protected override JsonTypeInfo<UpdateKeyDescriptionRequest> RequestType => KmsJsonContext.Default.UpdateKeyDescriptionRequest;

    protected override JsonTypeInfo<EmptyResponse> ResponseType => KmsJsonContext.Default.EmptyResponse;

    public override async Task<EmptyResponse> HandleAsync(KmsRequestContext context, UpdateKeyDescriptionRequest request, CancellationToken cancellationToken)
    {
        await updater.UpdateAsync(context, request.KeyId!, key =>
        {
            KeyStateRules.EnsureNotPendingDeletion(key);
            return key with { Description = request.Description ?? string.Empty };
        }, cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Core.Keys;
using Keyhold.Core.Storage;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Keys;

/// <summary>CancelKeyDeletion: PendingDeletion → Disabled, as AWS does; any other state is KMSInvalidStateException.</summary>
internal sealed class CancelKeyDeletionHandler(KeyUpdater updater) : KmsOperation<KeyIdRequest, CancelKeyDeletionResponse>
{
    public override string Name => "CancelKeyDeletion";

    protected override JsonTypeInfo<KeyIdRequest> RequestType => KmsJsonContext.Default.KeyIdRequest;

    protected override JsonTypeInfo<CancelKeyDeletionResponse> ResponseType => KmsJsonContext.Default.CancelKeyDeletionResponse;

    public override async Task<CancelKeyDeletionResponse> HandleAsync(KmsRequestContext context, KeyIdRequest request, CancellationToken cancellationToken)
    {
        var key = await updater.UpdateAsync(context, request.KeyId!, key =>
        {
            if (key.State != KeyState.PendingDeletion)
            {
                throw KmsErrors.InvalidState($"{key.Arn} is not pending deletion.");
            }

            return key with { State = KeyState.Disabled, DeletionDate = null, PendingDeletionWindowInDays = null };
        }, cancellationToken).ConfigureAwait(false);
        return new CancelKeyDeletionResponse(key.Arn);
    }
}

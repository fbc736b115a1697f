using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Core.Keys;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Rotation;

/// <summary>DisableKeyRotation: stops automatic rotation; existing material versions are kept and keep decrypting.</summary>
internal sealed class DisableKeyRotationHandler(KeyUpdater updater) : KmsOperation<KeyIdRequest, EmptyResponse>
{
    public override string Name => "DisableKeyRotation";

    protected override JsonTypeInfo<KeyIdRequest> RequestType => KmsJsonContext.Default.KeyIdRequest;

    protected override JsonTypeInfo<EmptyResponse> ResponseType => KmsJsonContext.Default.EmptyResponse;

    public override async Task<EmptyResponse> HandleAsync(KmsRequestContext context, KeyIdRequest request, CancellationToken cancellationToken)
    {
        await updater.UpdateAsync(context, request.KeyId!, key =>
        {
            RotationStateRules.EnsureEnabled(key);
            return key.RotationPeriodInDays is null ? key : key with { RotationPeriodInDays = null, NextRotationDate = null };
        }, cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

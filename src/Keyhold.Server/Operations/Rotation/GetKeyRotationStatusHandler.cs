using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Core.Keys;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Rotation;

/// <summary>GetKeyRotationStatus: whether automatic rotation is on, its period and the next rotation date.</summary>
internal sealed class GetKeyRotationStatusHandler(KeyResolver resolver) : KmsOperation<KeyIdRequest, GetKeyRotationStatusResponse>
{
    public override string Name => "GetKeyRotationStatus";

    protected override JsonTypeInfo<KeyIdRequest> RequestType => KmsJsonContext.Default.KeyIdRequest;

    protected override JsonTypeInfo<GetKeyRotationStatusResponse> ResponseType => KmsJsonContext.Default.GetKeyRotationStatusResponse;

    public override async Task<GetKeyRotationStatusResponse> HandleAsync(KmsRequestContext context, KeyIdRequest request, CancellationToken cancellationToken)
    {
        var key = await resolver.ResolveAsync(context, request.KeyId!, allowAlias: false, cancellationToken).ConfigureAwait(false);
        KeyRotator.EnsureRotatable(key);
        if (key.State == KeyState.PendingImport)
        {
            throw KeyStateRules.InvalidState(key);
        }

        // On-demand rotations complete within the request, so none is ever in progress (OnDemandRotationStartDate).
        var enabled = key.RotationPeriodInDays is not null;
        return new GetKeyRotationStatusResponse(enabled, key.Arn, key.RotationPeriodInDays, enabled ? key.NextRotationDate : null, null);
    }
}

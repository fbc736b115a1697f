using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Core.Keys;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Rotation;

/// <summary>
/// RotateKeyOnDemand: new key material now, at most 10 times per key (AWS's limit). The automatic rotation
/// schedule is not changed, as in AWS.
/// </summary>
internal sealed class RotateKeyOnDemandHandler(KeyResolver resolver, KeyRotator rotator) : KmsOperation<KeyIdRequest, RotateKeyOnDemandResponse>
{
    public override string Name => "RotateKeyOnDemand";

    protected override JsonTypeInfo<KeyIdRequest> RequestType => KmsJsonContext.Default.KeyIdRequest;

    protected override JsonTypeInfo<RotateKeyOnDemandResponse> ResponseType => KmsJsonContext.Default.RotateKeyOnDemandResponse;

    public override async Task<RotateKeyOnDemandResponse> HandleAsync(KmsRequestContext context, KeyIdRequest request, CancellationToken cancellationToken)
    {
        var key = await resolver.ResolveAsync(context, request.KeyId!, allowAlias: false, cancellationToken).ConfigureAwait(false);
        var rotated = await rotator.RotateAsync(key, KeyRotator.OnDemand, (current, existing) =>
        {
            RotationStateRules.EnsureEnabled(current);
            KeyRotator.EnsureOnDemandAllowed(current, existing);
            return current;
        }, cancellationToken).ConfigureAwait(false);
        return new RotateKeyOnDemandResponse(rotated!.Arn);
    }
}

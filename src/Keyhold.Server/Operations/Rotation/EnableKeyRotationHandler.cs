using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Core.Keys;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Rotation;

/// <summary>
/// EnableKeyRotation: automatic rotation every RotationPeriodInDays (90–2560, default 365). The first rotation is
/// one period after enabling; changing the period of an enabled key counts the new period from its last rotation.
/// </summary>
internal sealed class EnableKeyRotationHandler(KeyResolver resolver, KeyUpdater updater, Core.Storage.IKeyholdStore store, TimeProvider time)
    : KmsOperation<EnableKeyRotationRequest, EmptyResponse>
{
    public const int DefaultPeriodInDays = 365;

    public override string Name => "EnableKeyRotation";

    protected override JsonTypeInfo<EnableKeyRotationRequest> RequestType => KmsJsonContext.Default.EnableKeyRotationRequest;

    protected override JsonTypeInfo<EmptyResponse> ResponseType => KmsJsonContext.Default.EmptyResponse;

    public override async Task<EmptyResponse> HandleAsync(KmsRequestContext context, EnableKeyRotationRequest request, CancellationToken cancellationToken)
    {
        var period = request.RotationPeriodInDays ?? DefaultPeriodInDays;
        var now = time.GetUtcNow();
        var resolved = await resolver.ResolveAsync(context, request.KeyId!, allowAlias: false, cancellationToken).ConfigureAwait(false);
        var materials = await store.GetKeyMaterialsAsync(resolved.KeyId, cancellationToken).ConfigureAwait(false);
        await updater.UpdateAsync(context, resolved.KeyId, key =>
        {
            RotationStateRules.EnsureEnabled(key);
            var start = now;
            if (key.RotationPeriodInDays is not null)
            {
                // Already enabled: the new period counts from the current material's creation (the last rotation).
                start = materials.FirstOrDefault(m => m.Version == key.CurrentMaterialVersion)?.CreatedAt ?? now;
            }

            var next = start.AddDays(period);
            return key with { RotationPeriodInDays = period, NextRotationDate = next < now ? now : next };
        }, cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Core.Keys;
using Keyhold.Core.Storage;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Keys;

/// <summary>DisableKey: Enabled → Disabled (Disabled stays Disabled); refused while pending deletion.</summary>
internal sealed class DisableKeyHandler(KeyUpdater updater) : KmsOperation<KeyIdRequest, EmptyResponse>
{
    public override string Name => "DisableKey";

    protected override JsonTypeInfo<KeyIdRequest> RequestType => KmsJsonContext.Default.KeyIdRequest;

    protected override JsonTypeInfo<EmptyResponse> ResponseType => KmsJsonContext.Default.EmptyResponse;

    public override async Task<EmptyResponse> HandleAsync(KmsRequestContext context, KeyIdRequest request, CancellationToken cancellationToken)
    {
        await updater.UpdateAsync(context, request.KeyId!, key =>
        {
            KeyStateRules.EnsureNotPendingDeletion(key);
            return key.State == KeyState.Disabled ? key : key with { State = KeyState.Disabled };
        }, cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Core.Keys;
using Keyhold.Core.Storage;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Keys;

/// <summary>EnableKey: Disabled → Enabled (Enabled stays Enabled); refused while pending deletion.</summary>
internal sealed class EnableKeyHandler(KeyUpdater updater) : KmsOperation<KeyIdRequest, EmptyResponse>
{
    public override string Name => "EnableKey";

    protected override JsonTypeInfo<KeyIdRequest> RequestType => KmsJsonContext.Default.KeyIdRequest;

    protected override JsonTypeInfo<EmptyResponse> ResponseType => KmsJsonContext.Default.EmptyResponse;

    public override async Task<EmptyResponse> HandleAsync(KmsRequestContext context, KeyIdRequest request, CancellationToken cancellationToken)
    {
        await updater.UpdateAsync(context, request.KeyId!, key =>
        {
            KeyStateRules.EnsureNotPendingDeletion(key);
            return key.State == KeyState.Enabled ? key : key with { State = KeyState.Enabled };
        }, cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Storage;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Usage;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Usage;

/// <summary>
/// GetKeyLastUsage: the key's last successful cryptographic operation. Keyhold tracks usage from key creation, so
/// TrackingStartDate is the creation date and an absent KeyLastUsage means "never used".
/// </summary>
internal sealed class GetKeyLastUsageHandler(KeyResolver resolver, IKeyholdStore store, KeyUsageRecorder recorder)
    : KmsOperation<KeyIdRequest, GetKeyLastUsageResponse>
{
    public override string Name => "GetKeyLastUsage";

    protected override JsonTypeInfo<KeyIdRequest> RequestType => KmsJsonContext.Default.KeyIdRequest;

    protected override JsonTypeInfo<GetKeyLastUsageResponse> ResponseType => KmsJsonContext.Default.GetKeyLastUsageResponse;

    public override async Task<GetKeyLastUsageResponse> HandleAsync(KmsRequestContext context, KeyIdRequest request, CancellationToken cancellationToken)
    {
        var key = await resolver.ResolveAsync(context, request.KeyId!, allowAlias: false, cancellationToken).ConfigureAwait(false);
        await recorder.FlushAsync(cancellationToken).ConfigureAwait(false);
        var usage = await store.GetKeyUsageAsync(key.KeyId, cancellationToken).ConfigureAwait(false);
        var last = usage is { LastOperation: { } operation, LastUsedAt: { } at }
            ? new KeyLastUsageData(operation, at, usage.LastRequestId)
            : null;
        return new GetKeyLastUsageResponse(key.Arn, last, key.CreationDate, key.CreationDate);
    }
}

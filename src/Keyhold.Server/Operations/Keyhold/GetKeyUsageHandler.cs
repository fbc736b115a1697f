using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Keys;
using Keyhold.Core.Storage;
using Keyhold.Server.Authorization;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Usage;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Keyhold;

/// <summary>
/// <c>KeyholdService.GetKeyUsage</c>: the key's last use plus, per key-material version, how many decrypts it served
/// and the last one — the facts that tell when old material or an old key is no longer needed.
/// </summary>
internal sealed class GetKeyUsageHandler(KeyResolver resolver, IKeyholdStore store, KeyUsageRecorder recorder)
    : KeyholdOperation<KeyIdRequest, GetKeyUsageResponse>
{
    public override string Name => "GetKeyUsage";

    protected override JsonTypeInfo<KeyIdRequest> RequestType => KmsJsonContext.Default.KeyIdRequest;

    protected override JsonTypeInfo<GetKeyUsageResponse> ResponseType => KmsJsonContext.Default.GetKeyUsageResponse;

    public override async Task<GetKeyUsageResponse> HandleAsync(KmsRequestContext context, KeyIdRequest request, CancellationToken cancellationToken)
    {
        var key = await resolver.ResolveAsync(context, Required(request.KeyId, nameof(request.KeyId)), allowAlias: true, new KeyAccess("kms:GetKeyLastUsage"), cancellationToken).ConfigureAwait(false);
        await recorder.FlushAsync(cancellationToken).ConfigureAwait(false);
        var usage = await store.GetKeyUsageAsync(key.KeyId, cancellationToken).ConfigureAwait(false);
        var materials = await store.GetKeyMaterialsAsync(key.KeyId, cancellationToken).ConfigureAwait(false);
        var entries = materials.OrderBy(m => m.Version).Select(m =>
        {
            var counted = usage?.Materials.FirstOrDefault(u => u.Version == m.Version);
            return new MaterialUsageEntry(
                m.MaterialId,
                m.Version,
                m.Version == key.CurrentMaterialVersion ? "CURRENT" : "NON_CURRENT",
                m.CreatedAt,
                m.RotationType,
                counted?.DecryptCount ?? 0,
                counted?.LastDecryptAt);
        }).ToList();
        var last = usage is { LastOperation: { } operation, LastUsedAt: { } at } ? new KeyLastUsageData(operation, at, usage.LastRequestId) : null;
        return new GetKeyUsageResponse(key.Arn, key.CreationDate, last, entries);
    }
}

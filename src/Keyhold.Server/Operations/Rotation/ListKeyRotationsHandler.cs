using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Core.Keys;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Rotation;

/// <summary>
/// ListKeyRotations: the key's rotations, oldest first. ROTATIONS_ONLY (default) lists the material created by
/// rotations; ALL_KEY_MATERIAL also lists the original material.
/// </summary>
internal sealed class ListKeyRotationsHandler(KeyResolver resolver, Core.Storage.IKeyholdStore store)
    : KmsOperation<ListKeyRotationsRequest, ListKeyRotationsResponse>
{
    private const int DefaultLimit = 100;

    public override string Name => "ListKeyRotations";

    protected override JsonTypeInfo<ListKeyRotationsRequest> RequestType => KmsJsonContext.Default.ListKeyRotationsRequest;

    protected override JsonTypeInfo<ListKeyRotationsResponse> ResponseType => KmsJsonContext.Default.ListKeyRotationsResponse;

    public override async Task<ListKeyRotationsResponse> HandleAsync(KmsRequestContext context, ListKeyRotationsRequest request, CancellationToken cancellationToken)
    {
        var key = await resolver.ResolveAsync(context, request.KeyId!, allowAlias: false, cancellationToken).ConfigureAwait(false);
        KeyRotator.EnsureRotatable(key);
        var limit = PageMarker.LimitOrDefault(request.Limit, DefaultLimit);
        var after = PageMarker.Decode("rotations", request.Marker);
        var afterVersion = 0;
        if (after is not null && !int.TryParse(after, System.Globalization.CultureInfo.InvariantCulture, out afterVersion))
        {
            throw KmsErrors.InvalidMarker();
        }

        var includeOriginal = request.IncludeKeyMaterial == "ALL_KEY_MATERIAL";
        var materials = (await store.GetKeyMaterialsAsync(key.KeyId, cancellationToken).ConfigureAwait(false))
            .Where(m => m.Version > afterVersion && (includeOriginal || m.RotationType is not null))
            .OrderBy(m => m.Version)
            .ToList();
        var page = materials.Take(limit).ToList();
        var entries = page.Select(m => new RotationsListEntry(
            key.Arn,
            m.MaterialId,
            m.Version == key.CurrentMaterialVersion ? "CURRENT" : "NON_CURRENT",
            m.RotationType is null ? null : m.CreatedAt,
            m.RotationType)).ToList();
        var truncated = materials.Count > limit;
        return new ListKeyRotationsResponse(
            entries,
            truncated ? PageMarker.Encode("rotations", page[^1].Version.ToString(System.Globalization.CultureInfo.InvariantCulture)) : null,
            truncated);
    }
}

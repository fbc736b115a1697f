using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Core.Keys;
using Keyhold.Core.Storage;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Keys;

/// <summary>DescribeKey: metadata of a key named by id, ARN, alias name or alias ARN.</summary>
internal sealed class DescribeKeyHandler(KeyResolver resolver, KeyMaterialRing materials)
    : KmsOperation<DescribeKeyRequest, DescribeKeyResponse>
{
    public override string Name => "DescribeKey";

    protected override JsonTypeInfo<DescribeKeyRequest> RequestType => KmsJsonContext.Default.DescribeKeyRequest;

    protected override JsonTypeInfo<DescribeKeyResponse> ResponseType => KmsJsonContext.Default.DescribeKeyResponse;

    public override async Task<DescribeKeyResponse> HandleAsync(KmsRequestContext context, DescribeKeyRequest request, CancellationToken cancellationToken)
    {
        var key = await resolver.ResolveAsync(context, request.KeyId!, allowAlias: true, cancellationToken).ConfigureAwait(false);
        var current = await materials.GetAsync(key.KeyId, key.CurrentMaterialVersion, cancellationToken).ConfigureAwait(false);
        return new DescribeKeyResponse(KeyMetadataMapper.ToMetadata(key, current?.MaterialId));
    }
}

using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Crypto.Asymmetric;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Signing;

/// <summary>GetPublicKey: the DER SubjectPublicKeyInfo of an asymmetric key, with its spec, usage and algorithms.</summary>
internal sealed class GetPublicKeyHandler(KeyResolver resolver, KeyMaterialRing materials) : KmsOperation<GetPublicKeyRequest, GetPublicKeyResponse>
{
    public override string Name => "GetPublicKey";

    protected override JsonTypeInfo<GetPublicKeyRequest> RequestType => KmsJsonContext.Default.GetPublicKeyRequest;

    protected override JsonTypeInfo<GetPublicKeyResponse> ResponseType => KmsJsonContext.Default.GetPublicKeyResponse;

    public override async Task<GetPublicKeyResponse> HandleAsync(KmsRequestContext context, GetPublicKeyRequest request, CancellationToken cancellationToken)
    {
        var key = await resolver.ResolveAsync(context, request.KeyId!, allowAlias: true, cancellationToken).ConfigureAwait(false);
        if (!KeySpecs.IsAsymmetric(key.KeySpec))
        {
            throw new KmsException(KmsErrorCodes.UnsupportedOperation, $"{key.Arn} key spec is {key.KeySpec}, which has no public key.");
        }

        KeyStateRules.EnsureUsable(key);
        var loaded = await materials.GetAsymmetricAsync(key.KeyId, key.CurrentMaterialVersion, key.KeySpec, cancellationToken).ConfigureAwait(false)
            ?? throw KmsErrors.Internal($"Key {key.Arn} has no material version {key.CurrentMaterialVersion}.");
        return new GetPublicKeyResponse(
            key.Arn,
            loaded.PublicKeyDer,
            key.KeySpec,
            key.KeySpec,
            key.KeyUsage,
            KeyAlgorithms.Encryption(key),
            KeyAlgorithms.Signing(key),
            KeyAlgorithms.KeyAgreement(key));
    }
}

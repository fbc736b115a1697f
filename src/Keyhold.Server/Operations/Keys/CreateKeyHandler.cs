using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Core.Keys;
using Keyhold.Core.Storage;
using Keyhold.Crypto.Asymmetric;
using Keyhold.Server.Authorization;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Keys;

/// <summary>CreateKey for every key spec and usage AWS allows together (symmetric, RSA, ECC, SM2, ML-DSA, HMAC), origin AWS_KMS.</summary>
internal sealed class CreateKeyHandler(IKeyholdStore store, KeyFactory factory, KmsAuthorizer authorizer)
    : KmsOperation<CreateKeyRequest, CreateKeyResponse>
{
    public override string Name => "CreateKey";

    protected override JsonTypeInfo<CreateKeyRequest> RequestType => KmsJsonContext.Default.CreateKeyRequest;

    protected override JsonTypeInfo<CreateKeyResponse> ResponseType => KmsJsonContext.Default.CreateKeyResponse;

    public override async Task<CreateKeyResponse> HandleAsync(KmsRequestContext context, CreateKeyRequest request, CancellationToken cancellationToken)
    {
        await authorizer.AuthorizeIdentityAsync(context, "kms:CreateKey", "*", cancellationToken).ConfigureAwait(false);
        var keySpec = request.KeySpec ?? request.CustomerMasterKeySpec ?? "SYMMETRIC_DEFAULT";
        if (request.KeySpec is not null && request.CustomerMasterKeySpec is not null)
        {
            throw KmsErrors.Validation("You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec parameter is deprecated. Use KeySpec parameter instead.");
        }

        var spec = KeySpecs.Find(keySpec) ?? throw KmsErrors.Validation($"KeySpec {keySpec} is not supported.");
        if (keySpec != "SYMMETRIC_DEFAULT" && request.KeyUsage is null)
        {
            throw KmsErrors.Validation("You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.");
        }

        var keyUsage = request.KeyUsage ?? "ENCRYPT_DECRYPT";
        if (!spec.KeyUsages.Contains(keyUsage))
        {
            throw KmsErrors.Validation($"KeyUsage {keyUsage} is not compatible with KeySpec {keySpec}");
        }

        if (request.Origin is not null and not "AWS_KMS")
        {
            throw new KmsException(KmsErrorCodes.UnsupportedOperation, $"Keyhold does not support origin {request.Origin} yet; only AWS_KMS is supported.");
        }

        if (request.CustomKeyStoreId is not null || request.XksKeyId is not null)
        {
            throw new KmsException(KmsErrorCodes.UnsupportedOperation, "Keyhold does not support custom key stores.");
        }

        if (request.MultiRegion == true)
        {
            throw new KmsException(KmsErrorCodes.UnsupportedOperation, "Keyhold does not support multi-Region keys yet.");
        }

        var tags = TagRules.Validate(request.Tags, existingCount: 0);
        var policy = request.Policy ?? DefaultKeyPolicy.For(context.AccountId);
        var document = KeyPolicyDocument.Parse(policy);
        var (key, material) = factory.NewKey(context, Guid.NewGuid().ToString("D"), keySpec, keyUsage, request.Description ?? string.Empty, policy);
        if (request.Policy is not null && request.BypassPolicyLockoutSafetyCheck != true)
        {
            await authorizer.EnsureCanStillManageAsync(context, key, document, cancellationToken).ConfigureAwait(false);
        }
        await store.CreateKeyAsync(key, material, tags, cancellationToken).ConfigureAwait(false);
        context.AddResource(key.Arn);
        return new CreateKeyResponse(KeyMetadataMapper.ToMetadata(key, material.MaterialId));
    }
}

using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Core.Keys;
using Keyhold.Core.Storage;
using Keyhold.Server.Authorization;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Keys;

/// <summary>CreateKey for symmetric encryption keys (SYMMETRIC_DEFAULT / ENCRYPT_DECRYPT, origin AWS_KMS).</summary>
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

        if (keySpec != "SYMMETRIC_DEFAULT")
        {
            if (request.KeyUsage is null)
            {
                throw KmsErrors.Validation("You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.");
            }

            throw new KmsException(KmsErrorCodes.UnsupportedOperation, $"Keyhold does not support key spec {keySpec} yet; only SYMMETRIC_DEFAULT keys can be created.");
        }

        var keyUsage = request.KeyUsage ?? "ENCRYPT_DECRYPT";
        if (keyUsage != "ENCRYPT_DECRYPT")
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
        var (key, material) = factory.NewSymmetricKey(context, Guid.NewGuid().ToString("D"), request.Description ?? string.Empty, policy);
        if (request.Policy is not null && request.BypassPolicyLockoutSafetyCheck != true)
        {
            await authorizer.EnsureCanStillManageAsync(context, key, document, cancellationToken).ConfigureAwait(false);
        }
        await store.CreateKeyAsync(key, material, tags, cancellationToken).ConfigureAwait(false);
        context.AddResource(key.Arn);
        return new CreateKeyResponse(KeyMetadataMapper.ToMetadata(key, material.MaterialId));
    }
}

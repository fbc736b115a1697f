using Keyhold.Core.Storage;
using Keyhold.Crypto.Protection;
using Keyhold.Server.Audit;
using Keyhold.Server.Authentication;
using Keyhold.Server.Authorization;
using Keyhold.Server.Background;
using Keyhold.Server.Keys;
using Keyhold.Server.Operations;
using Keyhold.Server.Operations.Aliases;
using Keyhold.Server.Operations.Audit;
using Keyhold.Server.Operations.Cryptography;
using Keyhold.Server.Operations.Grants;
using Keyhold.Server.Operations.Iam;
using Keyhold.Server.Operations.KeyAgreement;
using Keyhold.Server.Operations.Keyhold;
using Keyhold.Server.Operations.Keys;
using Keyhold.Server.Operations.Mac;
using Keyhold.Server.Operations.Policies;
using Keyhold.Server.Operations.Rotation;
using Keyhold.Server.Operations.Signing;
using Keyhold.Server.Operations.Tags;
using Keyhold.Server.Operations.Usage;
using Keyhold.Server.Protocol;
using Keyhold.Server.Sts;
using Keyhold.Server.Usage;
using Microsoft.Extensions.DependencyInjection;

namespace Keyhold.Server.Hosting;

/// <summary>Registers the server's services: every operation handler, the shared key services and background jobs.</summary>
internal static class KeyholdServices
{
    public static IServiceCollection AddKeyhold(
        this IServiceCollection services, KeyholdOptions options, IKeyholdStore store, DomainKeyRing ring, string accountId, TimeProvider time)
    {
        services.AddSingleton(options);
        services.AddSingleton(store);
        services.AddSingleton(ring);
        services.AddSingleton(time);
        services.AddSingleton(new KeyholdLimits(options.MaxRequestBodyBytes));
        services.AddSingleton(new DefaultAccount(accountId));
        services.AddSingleton<PolicyCache>();
        services.AddSingleton<IdentityPolicyCache>();
        services.AddSingleton<KmsAuthorizer>();
        services.AddSingleton<KeyResolver>();
        services.AddSingleton<KeyUpdater>();
        services.AddSingleton<KeyMaterialRing>();
        services.AddSingleton<SymmetricCryptor>();
        services.AddSingleton<AsymmetricCryptor>();
        services.AddSingleton<CiphertextOpener>();
        services.AddSingleton<DataKeyPairs>();
        services.AddSingleton<KmsEndpoint>();
        services.AddSingleton<StsEndpoint>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<AuditChainHasher>();
        services.AddSingleton<AuditChainVerifier>();
        services.AddSingleton<AccessKeyCache>();
        if (options.Dev)
        {
            services.AddSingleton<IRequestAuthenticator, DevRequestAuthenticator>();
        }
        else
        {
            services.AddSingleton<IRequestAuthenticator, SigV4RequestAuthenticator>();
        }

        services.AddSingleton<KeyRotator>();
        services.AddSingleton<KeyFactory>();
        services.AddSingleton<Rotation.AliasRotation>();
        services.AddSingleton<KeyUsageRecorder>();
        AddBackgroundJob<KeyDeletionService>(services);
        AddBackgroundJob<KeyRotationService>(services);
        AddBackgroundJob<UsageFlushService>(services);
        AddBackgroundJob<AuditWriterService>(services);
        AddBackgroundJob<CacheInvalidationService>(services);

        AddOperation<CreateKeyHandler>(services);
        AddOperation<DescribeKeyHandler>(services);
        AddOperation<ListKeysHandler>(services);
        AddOperation<UpdateKeyDescriptionHandler>(services);
        AddOperation<EnableKeyHandler>(services);
        AddOperation<DisableKeyHandler>(services);
        AddOperation<ScheduleKeyDeletionHandler>(services);
        AddOperation<CancelKeyDeletionHandler>(services);
        AddOperation<CreateAliasHandler>(services);
        AddOperation<UpdateAliasHandler>(services);
        AddOperation<DeleteAliasHandler>(services);
        AddOperation<ListAliasesHandler>(services);
        AddOperation<TagResourceHandler>(services);
        AddOperation<UntagResourceHandler>(services);
        AddOperation<ListResourceTagsHandler>(services);
        AddOperation<GetKeyPolicyHandler>(services);
        AddOperation<PutKeyPolicyHandler>(services);
        AddOperation<ListKeyPoliciesHandler>(services);
        AddOperation<EncryptHandler>(services);
        AddOperation<DecryptHandler>(services);
        AddOperation<ReEncryptHandler>(services);
        AddOperation<GenerateDataKeyHandler>(services);
        AddOperation<GenerateDataKeyWithoutPlaintextHandler>(services);
        AddOperation<GenerateRandomHandler>(services);
        AddOperation<GenerateDataKeyPairHandler>(services);
        AddOperation<GenerateDataKeyPairWithoutPlaintextHandler>(services);
        AddOperation<SignHandler>(services);
        AddOperation<VerifyHandler>(services);
        AddOperation<GetPublicKeyHandler>(services);
        AddOperation<GenerateMacHandler>(services);
        AddOperation<VerifyMacHandler>(services);
        AddOperation<DeriveSharedSecretHandler>(services);
        AddOperation<EnableKeyRotationHandler>(services);
        AddOperation<DisableKeyRotationHandler>(services);
        AddOperation<GetKeyRotationStatusHandler>(services);
        AddOperation<RotateKeyOnDemandHandler>(services);
        AddOperation<ListKeyRotationsHandler>(services);
        AddOperation<GetKeyLastUsageHandler>(services);
        AddOperation<CreateGrantHandler>(services);
        AddOperation<ListGrantsHandler>(services);
        AddOperation<ListRetirableGrantsHandler>(services);
        AddOperation<RetireGrantHandler>(services);
        AddOperation<RevokeGrantHandler>(services);
        AddOperation<ListAuditEventsHandler>(services);
        AddOperation<VerifyAuditTrailHandler>(services);
        AddOperation<RotateAliasHandler>(services);
        AddOperation<GetAliasHistoryHandler>(services);
        AddOperation<GetKeyUsageHandler>(services);
        AddOperation<CreateUserHandler>(services);
        AddOperation<ListUsersHandler>(services);
        AddOperation<DeleteUserHandler>(services);
        AddOperation<PutUserPolicyHandler>(services);
        AddOperation<GetUserPolicyHandler>(services);
        AddOperation<ListUserPoliciesHandler>(services);
        AddOperation<DeleteUserPolicyHandler>(services);
        AddOperation<CreateAccessKeyHandler>(services);
        AddOperation<ListAccessKeysHandler>(services);
        AddOperation<UpdateAccessKeyHandler>(services);
        AddOperation<DeleteAccessKeyHandler>(services);
        AddOperation<CreateAccountHandler>(services);
        return services;
    }

    private static void AddBackgroundJob<TJob>(IServiceCollection services)
        where TJob : class, Microsoft.Extensions.Hosting.IHostedService
    {
        services.AddSingleton<TJob>();
        services.AddHostedService(sp => sp.GetRequiredService<TJob>());
    }

    private static void AddOperation<THandler>(IServiceCollection services)
        where THandler : class, IKmsOperation =>
        services.AddSingleton<IKmsOperation, THandler>();
}

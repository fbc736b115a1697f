using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Accounts;
using Keyhold.Core.Errors;
using Keyhold.Core.Grants;
using Keyhold.Core.Keys;
using Keyhold.Core.Storage;
using Keyhold.Server.Authorization;
using Keyhold.Server.Grants;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Grants;

/// <summary>
/// CreateGrant: lets a principal use a key for some operations, optionally only with a given encryption context.
/// A retry with the same Name and parameters returns the original grant. A grant created under another grant's
/// CreateGrant permission cannot give more than that grant: no other operations, no weaker constraints.
/// </summary>
internal sealed class CreateGrantHandler(IKeyholdStore store, KeyResolver resolver, TimeProvider time) : KmsOperation<CreateGrantRequest, CreateGrantResponse>
{
    private static readonly string[] Management = ["DescribeKey", "CreateGrant", "RetireGrant"];

    /// <summary>The grant operations each kind of key supports (a grant cannot allow what the key cannot do).</summary>
    private static readonly Dictionary<string, HashSet<string>> OperationsByKind = new(StringComparer.Ordinal)
    {
        ["SYMMETRIC"] = [.. Management, "Decrypt", "Encrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "ReEncryptFrom", "ReEncryptTo", "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext"],
        ["ENCRYPT_DECRYPT"] = [.. Management, "Decrypt", "Encrypt", "ReEncryptFrom", "ReEncryptTo", "GetPublicKey"],
        ["SIGN_VERIFY"] = [.. Management, "Sign", "Verify", "GetPublicKey"],
        ["GENERATE_VERIFY_MAC"] = [.. Management, "GenerateMac", "VerifyMac"],
        ["KEY_AGREEMENT"] = [.. Management, "DeriveSharedSecret", "GetPublicKey"],
    };

    public override string Name => "CreateGrant";

    protected override JsonTypeInfo<CreateGrantRequest> RequestType => KmsJsonContext.Default.CreateGrantRequest;

    protected override JsonTypeInfo<CreateGrantResponse> ResponseType => KmsJsonContext.Default.CreateGrantResponse;

    public override async Task<CreateGrantResponse> HandleAsync(KmsRequestContext context, CreateGrantRequest request, CancellationToken cancellationToken)
    {
        var operations = request.Operations!.Distinct(StringComparer.Ordinal).ToList();
        if (operations.Count == 0)
        {
            throw KmsErrors.Validation("1 validation error detected: Value '[]' at 'operations' failed to satisfy constraint: Member must have length greater than or equal to 1");
        }

        GrantPrincipals.Validate(request.GranteePrincipal!, "GranteePrincipal");
        if (request.RetiringPrincipal is not null)
        {
            GrantPrincipals.Validate(request.RetiringPrincipal, "RetiringPrincipal");
        }

        var key = await resolver.ResolveAsync(context, request.KeyId!, allowAlias: false, cancellationToken).ConfigureAwait(false);
        KeyStateRules.EnsureNotPendingDeletion(key);
        var supported = OperationsByKind[key.KeySpec == "SYMMETRIC_DEFAULT" ? "SYMMETRIC" : key.KeyUsage];
        var unsupported = operations.Where(o => !supported.Contains(o)).ToList();
        if (unsupported.Count > 0)
        {
            throw KmsErrors.Validation($"Grant operations {string.Join(", ", unsupported)} are not valid for a {key.KeySpec} key with usage {key.KeyUsage}.");
        }

        var equals = request.Constraints?.EncryptionContextEquals;
        var subset = request.Constraints?.EncryptionContextSubset;
        if (context.AuthorizingGrant is { } parent)
        {
            EnsureNoWiderThan(parent, operations, equals, subset, context, key);
        }

        if (request.DryRun == true)
        {
            throw KmsErrors.DryRun();
        }

        var grant = new GrantRecord
        {
            GrantId = GrantTokens.NewGrantId(),
            AccountId = key.AccountId,
            Region = key.Region,
            KeyId = key.KeyId,
            Name = request.Name,
            GranteePrincipal = request.GranteePrincipal!,
            RetiringPrincipal = request.RetiringPrincipal,
            IssuingAccount = Principal.RootArn(key.AccountId),
            Operations = operations,
            EncryptionContextEquals = equals,
            EncryptionContextSubset = subset,
            GrantToken = GrantTokens.NewToken(),
            CreationDate = time.GetUtcNow(),
        };
        try
        {
            var stored = await store.CreateGrantAsync(grant, cancellationToken).ConfigureAwait(false);
            return new CreateGrantResponse(stored.GrantToken, stored.GrantId);
        }
        catch (StoreConflictException)
        {
            // The key was deleted between the read and the insert.
            throw KmsErrors.KeyNotFound(key.Arn);
        }
    }

    /// <summary>A grant made with a grant's CreateGrant permission: a subset of its operations, at least its constraints.</summary>
    private static void EnsureNoWiderThan(
        GrantRecord parent,
        List<string> operations,
        Dictionary<string, string>? equals,
        Dictionary<string, string>? subset,
        KmsRequestContext context,
        KeyRecord key)
    {
        var widerOperations = operations.Any(o => !parent.Operations.Contains(o, StringComparer.Ordinal));
        var weakerEquals = parent.EncryptionContextEquals is { } parentEquals && (equals is null || !SameContext(parentEquals, equals));
        var weakerSubset = parent.EncryptionContextSubset is { } parentSubset
            && !(Contains(equals, parentSubset) || Contains(subset, parentSubset));
        if (widerOperations || weakerEquals || weakerSubset)
        {
            throw new KmsException(
                KmsErrorCodes.AccessDeniedException,
                $"User: {context.Principal.Arn} is not authorized to perform: kms:CreateGrant on resource: {key.Arn} because the grant {parent.GrantId} that allows it cannot give more operations or weaker constraints than its own");
        }
    }

    private static bool SameContext(IReadOnlyDictionary<string, string> a, Dictionary<string, string> b) =>
        a.Count == b.Count && Contains(b, a);

    private static bool Contains(IReadOnlyDictionary<string, string>? pairs, IReadOnlyDictionary<string, string> required) =>
        pairs is not null && required.All(r => pairs.Any(p => string.Equals(p.Key, r.Key, StringComparison.OrdinalIgnoreCase) && p.Value == r.Value));
}

using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Accounts;
using Keyhold.Core.Errors;
using Keyhold.Core.Storage;
using Keyhold.Policy;
using Keyhold.Server.Authorization;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Iam;

/// <summary>
/// <c>KeyholdService.PutUserPolicy</c>: adds or replaces one of a user's inline identity policies after validating it
/// as an identity policy. Takes effect at once on this node and within a second on the others.
/// </summary>
internal sealed class PutUserPolicyHandler(IKeyholdStore store, KmsAuthorizer authorizer, IdentityPolicyCache identities, TimeProvider time)
    : IamOperation<PutUserPolicyRequest, EmptyResponse>(authorizer)
{
    /// <summary>IAM's limit on the size of one inline user policy, in characters.</summary>
    private const int MaxDocumentLength = 131_072;

    public override string Name => "PutUserPolicy";

    protected override JsonTypeInfo<PutUserPolicyRequest> RequestType => KmsJsonContext.Default.PutUserPolicyRequest;

    protected override JsonTypeInfo<EmptyResponse> ResponseType => KmsJsonContext.Default.EmptyResponse;

    public override async Task<EmptyResponse> HandleAsync(KmsRequestContext context, PutUserPolicyRequest request, CancellationToken cancellationToken)
    {
        var userName = IamNames.User(request.UserName);
        var policyName = IamNames.Policy(request.PolicyName);
        var document = Required(request.PolicyDocument, nameof(request.PolicyDocument));
        if (document.Length > MaxDocumentLength)
        {
            throw KmsErrors.Validation($"1 validation error detected: Value at 'policyDocument' failed to satisfy constraint: Member must have length less than or equal to {MaxDocumentLength}");
        }

        try
        {
            PolicyDocument.Parse(document, PolicyKind.IdentityPolicy);
        }
        catch (PolicyValidationException ex)
        {
            throw new KmsException(KmsErrorCodes.MalformedPolicyDocument, ex.Message);
        }

        await AuthorizeAsync(context, UserArn(context, userName), cancellationToken).ConfigureAwait(false);
        var record = new UserPolicyRecord
        {
            AccountId = context.AccountId,
            UserName = userName,
            PolicyName = policyName,
            Document = document,
            UpdatedAt = time.GetUtcNow(),
        };
        if (!await store.PutUserPolicyAsync(record, cancellationToken).ConfigureAwait(false))
        {
            throw IamErrors.NoSuchUser(userName);
        }

        identities.Evict(context.AccountId, userName);
        return new EmptyResponse();
    }
}

using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Keys;
using Keyhold.Core.Storage;
using Keyhold.Server.Authorization;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Keyhold;

/// <summary><c>KeyholdService.GetAliasHistory</c>: every change of an alias (what it pointed at, when, by whom), oldest first.</summary>
internal sealed class GetAliasHistoryHandler(IKeyholdStore store, KmsAuthorizer authorizer) : KeyholdOperation<AliasNameRequest, GetAliasHistoryResponse>
{
    public override string Name => "GetAliasHistory";

    protected override JsonTypeInfo<AliasNameRequest> RequestType => KmsJsonContext.Default.AliasNameRequest;

    protected override JsonTypeInfo<GetAliasHistoryResponse> ResponseType => KmsJsonContext.Default.GetAliasHistoryResponse;

    public override async Task<GetAliasHistoryResponse> HandleAsync(KmsRequestContext context, AliasNameRequest request, CancellationToken cancellationToken)
    {
        var aliasName = Required(request.AliasName, nameof(request.AliasName));
        AliasNameRules.ValidateName(aliasName);
        await authorizer.AuthorizeIdentityAsync(context, "kms:ListAliases", KeyArn.FormatAlias(context.Region, context.AccountId, aliasName), cancellationToken).ConfigureAwait(false);
        var history = await store.GetAliasHistoryAsync(context.AccountId, context.Region, aliasName, cancellationToken).ConfigureAwait(false);
        var arn = KeyArn.FormatAlias(context.Region, context.AccountId, aliasName);
        if (history.Count == 0)
        {
            throw Core.Errors.KmsErrors.AliasNotFound(arn);
        }

        return new GetAliasHistoryResponse(
            aliasName,
            arn,
            history.Select(c => new AliasHistoryEntry(c.Change, c.TargetKeyId, c.PreviousTargetKeyId, c.ChangedAt, c.ChangedBy)).ToList());
    }
}

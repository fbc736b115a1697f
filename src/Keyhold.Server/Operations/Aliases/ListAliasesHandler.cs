using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Aliases;
using Keyhold.Core.Errors;
using Keyhold.Core.Keys;
using Keyhold.Core.Storage;
using Keyhold.Server.Authorization;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Aliases;

/// <summary>ListAliases: the caller's aliases in this region by name, optionally only those of one key (id or ARN).</summary>
internal sealed class ListAliasesHandler(IKeyholdStore store, KeyResolver resolver, KmsAuthorizer authorizer)
    : KmsOperation<ListAliasesRequest, ListAliasesResponse>
{
    // AWS: "between 1 and 100, inclusive. If you do not include a value, it defaults to 50."
    private const int DefaultLimit = 50;
    private const int MaxLimit = 100;

    public override string Name => "ListAliases";

    protected override JsonTypeInfo<ListAliasesRequest> RequestType => KmsJsonContext.Default.ListAliasesRequest;

    protected override JsonTypeInfo<ListAliasesResponse> ResponseType => KmsJsonContext.Default.ListAliasesResponse;

    public override async Task<ListAliasesResponse> HandleAsync(KmsRequestContext context, ListAliasesRequest request, CancellationToken cancellationToken)
    {
        // AWS: kms:ListAliases is an identity-policy permission, also with a KeyId filter.
        await authorizer.AuthorizeIdentityAsync(context, "kms:ListAliases", "*", cancellationToken).ConfigureAwait(false);
        var limit = Math.Min(PageMarker.LimitOrDefault(request.Limit, DefaultLimit), MaxLimit);
        var after = PageMarker.Decode("aliases", request.Marker);
        string? keyId = null;
        if (request.KeyId is not null)
        {
            keyId = (await resolver.FindAsync(context, request.KeyId, allowAlias: false, cancellationToken).ConfigureAwait(false)).KeyId;
        }

        var aliases = await store.ListAliasesAsync(context.AccountId, context.Region, keyId, after, limit + 1, cancellationToken).ConfigureAwait(false);
        var truncated = aliases.Count > limit;
        var page = new List<AliasListEntry>(Math.Min(aliases.Count, limit));
        for (var i = 0; i < aliases.Count && i < limit; i++)
        {
            var alias = aliases[i];
            page.Add(new AliasListEntry(
                alias.AliasName,
                KeyArn.FormatAlias(context.Region, context.AccountId, alias.AliasName),
                alias.TargetKeyId,
                alias.CreationDate,
                alias.LastUpdatedDate));
        }

        return new ListAliasesResponse(page, truncated ? PageMarker.Encode("aliases", page[^1].AliasName) : null, truncated);
    }
}

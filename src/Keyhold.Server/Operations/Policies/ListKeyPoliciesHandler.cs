using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Policies;

/// <summary>ListKeyPolicies: always the single policy name "default", as AWS.</summary>
internal sealed class ListKeyPoliciesHandler(KeyResolver resolver) : KmsOperation<ListKeyPoliciesRequest, ListKeyPoliciesResponse>
{
    public override string Name => "ListKeyPolicies";

    protected override JsonTypeInfo<ListKeyPoliciesRequest> RequestType => KmsJsonContext.Default.ListKeyPoliciesRequest;

    protected override JsonTypeInfo<ListKeyPoliciesResponse> ResponseType => KmsJsonContext.Default.ListKeyPoliciesResponse;

    public override async Task<ListKeyPoliciesResponse> HandleAsync(KmsRequestContext context, ListKeyPoliciesRequest request, CancellationToken cancellationToken)
    {
        PageMarker.Decode("policies", request.Marker);
        await resolver.ResolveAsync(context, request.KeyId!, allowAlias: false, cancellationToken).ConfigureAwait(false);
        return new ListKeyPoliciesResponse([DefaultKeyPolicy.PolicyName], null, false);
    }
}

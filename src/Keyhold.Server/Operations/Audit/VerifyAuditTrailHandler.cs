using System.Text.Json.Serialization.Metadata;
using Keyhold.Server.Audit;
using Keyhold.Server.Authorization;
using Keyhold.Server.Hosting;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Audit;

/// <summary>
/// KeyholdService.VerifyAuditTrail: checks the whole hash chain (every account's events) and reports the first break.
/// For the installation administrator only (the first account's root): the chain covers every account.
/// </summary>
internal sealed class VerifyAuditTrailHandler(AuditChainVerifier verifier, AuditTrail trail, DefaultAccount installation)
    : KeyholdOperation<VerifyAuditTrailRequest, VerifyAuditTrailResponse>
{
    public override string Name => "VerifyAuditTrail";

    protected override JsonTypeInfo<VerifyAuditTrailRequest> RequestType => KmsJsonContext.Default.VerifyAuditTrailRequest;

    protected override JsonTypeInfo<VerifyAuditTrailResponse> ResponseType => KmsJsonContext.Default.VerifyAuditTrailResponse;

    public override async Task<VerifyAuditTrailResponse> HandleAsync(KmsRequestContext context, VerifyAuditTrailRequest request, CancellationToken cancellationToken)
    {
        if (!(context.Principal.IsRoot && context.AccountId == installation.AccountId))
        {
            throw AccessDenied.NotAdministrator(context.Principal.Arn, "keyhold:VerifyAuditTrail");
        }

        await trail.WaitForWrittenAsync(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
        var result = await verifier.VerifyAsync(cancellationToken).ConfigureAwait(false);
        return new VerifyAuditTrailResponse(result.Verified, result.Events, result.HeadHash, result.FirstBadSequence, result.Problem);
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Audit;
using Keyhold.Core.Errors;
using Keyhold.Core.Storage;
using Keyhold.Server.Audit;
using Keyhold.Server.Authorization;
using Keyhold.Server.Hosting;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Audit;

/// <summary>
/// KeyholdService.ListAuditEvents: the caller's account's audit events, filtered, oldest first, paged by sequence.
/// Needs <c>keyhold:ListAuditEvents</c> (the account root has it); <c>AllAccounts</c> is for the installation
/// administrator (the first account's root). Events still queued are written first, so a request sees every event
/// recorded before it.
/// </summary>
internal sealed class ListAuditEventsHandler(IKeyholdStore store, AuditTrail trail, KmsAuthorizer authorizer, DefaultAccount installation)
    : KeyholdOperation<ListAuditEventsRequest, ListAuditEventsResponse>
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;

    public override string Name => "ListAuditEvents";

    protected override JsonTypeInfo<ListAuditEventsRequest> RequestType => KmsJsonContext.Default.ListAuditEventsRequest;

    protected override JsonTypeInfo<ListAuditEventsResponse> ResponseType => KmsJsonContext.Default.ListAuditEventsResponse;

    public override async Task<ListAuditEventsResponse> HandleAsync(KmsRequestContext context, ListAuditEventsRequest request, CancellationToken cancellationToken)
    {
        await authorizer.AuthorizeIdentityAsync(context, "keyhold:ListAuditEvents", "*", cancellationToken).ConfigureAwait(false);
        var allAccounts = request.AllAccounts == true;
        if (allAccounts && !(context.Principal.IsRoot && context.AccountId == installation.AccountId))
        {
            throw AccessDenied.NotAdministrator(context.Principal.Arn, "keyhold:ListAuditEvents with AllAccounts");
        }

        var limit = request.Limit ?? DefaultLimit;
        if (limit is < 1 or > MaxLimit)
        {
            throw KmsErrors.Validation($"Limit must be between 1 and {MaxLimit}.");
        }

        var after = PageMarker.Decode("audit", request.Marker) is { } marker
            && long.TryParse(marker, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) ? sequence : 0;
        await trail.WaitForWrittenAsync(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
        var events = await store.ListAuditEventsAsync(
            new AuditQuery
            {
                AfterSequence = after,
                Limit = limit + 1,
                From = request.From,
                To = request.To,
                AccountId = allAccounts ? null : context.AccountId,
                KeyArn = request.KeyArn,
                PrincipalArn = request.PrincipalArn,
                EventName = request.EventName,
                ErrorsOnly = request.ErrorsOnly == true,
            },
            cancellationToken).ConfigureAwait(false);
        var truncated = events.Count > limit;
        var page = new List<AuditEventEntry>(Math.Min(events.Count, limit));
        foreach (var record in events.Take(limit))
        {
            using var json = JsonDocument.Parse(record.Event.Json);
            page.Add(new AuditEventEntry(record.Sequence, json.RootElement.Clone()));
        }

        var next = truncated ? PageMarker.Encode("audit", page[^1].Sequence.ToString(CultureInfo.InvariantCulture)) : null;
        return new ListAuditEventsResponse(page, next, truncated);
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Keyhold.Cli.Client;
using Keyhold.Cli.Output;
using Keyhold.Cli.Wire;

namespace Keyhold.Cli;

/// <summary>
/// <c>keyhold audit</c>: lists audit events (every request, allowed, denied or failed) with filters, as a table or as
/// JSON lines of CloudTrail-shaped records; <c>keyhold audit verify</c> checks the hash chain.
/// </summary>
internal static class AuditCommand
{
    private const int PageSize = 1000;

    public static Command Create()
    {
        var from = new Option<string?>("--from") { Description = "Only events at or after this time (ISO 8601, UTC unless an offset is given)." };
        var to = new Option<string?>("--to") { Description = "Only events before this time (ISO 8601)." };
        var key = new Option<string?>("--key") { Description = "Only events on this key (key ARN)." };
        var principal = new Option<string?>("--principal") { Description = "Only events by this principal (ARN)." };
        var eventName = new Option<string?>("--event-name") { Description = "Only events of this operation, e.g. Decrypt." };
        var errorsOnly = new Option<bool>("--errors-only") { Description = "Only denied or failed requests." };
        var allAccounts = new Option<bool>("--all-accounts") { Description = "Every account's events (the installation administrator only)." };
        var limit = new Option<int>("--limit") { Description = "At most this many events (default 100).", DefaultValueFactory = _ => 100 };
        var output = new Option<string>("--output")
        {
            Description = "text (a table) or json (one CloudTrail-shaped record per line).",
            DefaultValueFactory = _ => OutputFormat.Text,
        };
        output.AcceptOnlyFromAmong(OutputFormat.Text, OutputFormat.Json);
        var command = new Command("audit", "List audit events, or verify the audit trail's hash chain.")
        {
            from, to, key, principal, eventName, errorsOnly, allAccounts, limit, output, CreateVerify(),
        };
        ClientAction.Set(command, new ClientOptions(), async context =>
        {
            var parse = context.Parse;
            var wanted = parse.GetValue(limit);
            if (wanted < 1)
            {
                throw new CliException("--limit must be at least 1.");
            }

            using var api = new KeyholdApiClient(context.Connection);
            var events = new List<AuditEventEntry>();
            string? marker = null;
            do
            {
                var request = new ListAuditEventsRequest(
                    ParseTime(parse.GetValue(from), "--from"),
                    ParseTime(parse.GetValue(to), "--to"),
                    parse.GetValue(key),
                    parse.GetValue(principal),
                    parse.GetValue(eventName),
                    parse.GetValue(errorsOnly) ? true : null,
                    parse.GetValue(allAccounts) ? true : null,
                    Math.Min(PageSize, wanted - events.Count),
                    marker);
                var page = await api.CallAsync(
                    "ListAuditEvents", request, CliJsonContext.Default.ListAuditEventsRequest, CliJsonContext.Default.ListAuditEventsResponse, context.CancellationToken).ConfigureAwait(false);
                events.AddRange(page.Events);
                marker = page.Truncated ? page.NextMarker : null;
            }
            while (marker is not null && events.Count < wanted);

            if (parse.GetValue(output) == OutputFormat.Json)
            {
                foreach (var entry in events)
                {
                    context.Output.WriteLine(entry.Event.GetRawText());
                }
            }
            else
            {
                WriteTable(context.Output, events);
            }

            return 0;
        });
        return command;
    }

    private static Command CreateVerify()
    {
        var command = new Command("verify", "Check the audit trail's hash chain: exit 0 when intact, 3 when an event was changed, removed or inserted.");
        ClientAction.Set(command, new ClientOptions(), async context =>
        {
            using var api = new KeyholdApiClient(context.Connection);
            var result = await api.CallAsync(
                "VerifyAuditTrail", new VerifyAuditTrailRequest(), CliJsonContext.Default.VerifyAuditTrailRequest, CliJsonContext.Default.VerifyAuditTrailResponse, context.CancellationToken).ConfigureAwait(false);
            if (result.Verified)
            {
                context.Output.WriteLine($"Audit trail intact: {result.Events} events verified; head {result.HeadHash}.");
                return 0;
            }

            context.Output.WriteLine($"Audit trail BROKEN at event {result.FirstBadSequence}: {result.Problem}. Events 1–{result.Events} verified.");
            return 3;
        });
        return command;
    }

    private static DateTimeOffset? ParseTime(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw new CliException($"{option} '{text}' is not a time (use ISO 8601, e.g. 2026-12-04T09:00:00Z).");
    }

    private static void WriteTable(TextWriter output, List<AuditEventEntry> events)
    {
        var table = new TextTable("SEQ", "TIME", "EVENT", "PRINCIPAL", "KEY", "ERROR");
        foreach (var entry in events)
        {
            var e = entry.Event;
            table.AddRow(
                TextFormat.Number(entry.Sequence),
                Text(e, "eventTime"),
                Text(e, "eventName"),
                e.TryGetProperty("userIdentity", out var identity) ? Text(identity, "arn") : TextFormat.None,
                e.TryGetProperty("resources", out var resources) && resources.ValueKind == JsonValueKind.Array && resources.GetArrayLength() > 0
                    ? Text(resources[0], "ARN")
                    : TextFormat.None,
                Text(e, "errorCode"));
        }

        table.WriteTo(output);
    }

    private static string Text(JsonElement element, string member) =>
        element.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.String ? TextFormat.OrNone(value.GetString()) : TextFormat.None;
}

using System.Text.Json;
using Keyhold.Core.Accounts;
using Keyhold.Core.Audit;
using Keyhold.Server.Audit;
using Microsoft.AspNetCore.Http;

namespace Keyhold.Server.Protocol;

/// <summary>What <see cref="KmsEndpoint"/> learns about one request as it runs, turned into its audit event at the end.</summary>
internal sealed class RequestAudit(HttpContext http, string requestId, DateTimeOffset time)
{
    public string EventName { get; set; } = "Unknown";

    public string EventSource { get; set; } = "kms.amazonaws.com";

    public Principal? Principal { get; set; }

    public string? Region { get; set; }

    public JsonElement Request { get; set; }

    public MemoryStream? Response { get; set; }

    public KmsRequestContext? Context { get; set; }

    public string? SourceIp { get; } = http.Connection.RemoteIpAddress?.ToString();

    public string? UserAgent { get; } = http.Request.Headers.UserAgent.ToString();

    private string? ErrorCode { get; set; }

    private string? ErrorMessage { get; set; }

    public void Fail(string code, string? message)
    {
        ErrorCode = code;
        ErrorMessage = message;
    }

    public AuditEventDraft Build(string defaultRegion)
    {
        JsonDocument? response = null;
        try
        {
            if (ErrorCode is null && Response is { Length: > 0 })
            {
                Response.Position = 0;
                response = JsonDocument.Parse(Response);
            }

            var input = new AuditInput
            {
                EventId = Guid.NewGuid().ToString("D"),
                Time = time,
                EventSource = EventSource,
                EventName = EventName,
                Region = Region ?? defaultRegion,
                Principal = Principal,
                SourceIp = SourceIp,
                UserAgent = UserAgent,
                ErrorCode = ErrorCode,
                ErrorMessage = ErrorMessage,
                Request = Request,
                Response = response?.RootElement ?? default,
                RequestId = requestId,
                ReadOnly = AuditedMembers.IsReadOnly(EventName),
                Resources = Context?.Resources ?? [],
            };
            try
            {
                return AuditEventBuilder.Build(input);
            }
            catch (InvalidOperationException)
            {
                // A request the client could not have meant (e.g. a string that is not valid UTF-8) is still audited,
                // without its parameters.
                return AuditEventBuilder.Build(input with { Request = default, Response = default });
            }
        }
        catch (JsonException)
        {
            Response = null;
            Request = default;
            return Build(defaultRegion);
        }
        finally
        {
            response?.Dispose();
            Response?.Dispose();
        }
    }
}

using System.Security;
using System.Text;
using Keyhold.Core.Accounts;
using Keyhold.Core.Errors;
using Keyhold.Core.Storage;
using Keyhold.Protocol.Authentication;
using Keyhold.Server.Audit;
using Keyhold.Server.Authentication;
using Keyhold.Server.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace Keyhold.Server.Sts;

/// <summary>
/// <c>POST /</c> in STS's Query API (form-encoded, no X-Amz-Target), signed for service <c>sts</c>: answers
/// <c>GetCallerIdentity</c> in AWS's XML so that <c>aws sts get-caller-identity</c> works against Keyhold. Every
/// other action is <c>InvalidAction</c>. Each call becomes one audit event, like a KMS call.
/// </summary>
internal sealed partial class StsEndpoint(
    IRequestAuthenticator authenticator,
    IKeyholdStore store,
    AuditTrail auditTrail,
    KeyholdOptions options,
    TimeProvider time,
    ILogger<StsEndpoint> logger)
{
    public const string Version = "2011-06-15";
    public const string Namespace = "https://sts.amazonaws.com/doc/2011-06-15/";

    /// <summary>A GetCallerIdentity body is some 40 bytes; anything far larger is not an STS call Keyhold serves.</summary>
    private const int MaxBodyBytes = 16 * 1024;

    /// <summary>Whether a <c>POST /</c> is an STS Query call: form-encoded and without X-Amz-Target.</summary>
    public static bool Accepts(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return !request.Headers.ContainsKey("X-Amz-Target")
            && request.ContentType is { } type
            && type.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
    }

    public async Task HandleAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var requestId = Guid.NewGuid().ToString("D");
        var started = time.GetUtcNow();
        http.Response.Headers["x-amzn-RequestId"] = requestId;
        string action = "Unknown";
        Principal? principal = null;
        string? region = null;
        string? errorCode = null;
        string? errorMessage = null;
        try
        {
            var body = await ReadBodyAsync(http).ConfigureAwait(false);
            var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
            action = form.TryGetValue("Action", out var value) && value.Count == 1 ? value[0]! : "Unknown";
            (principal, region) = await authenticator.AuthenticateAsync(http.Request, body, SigV4Parser.StsService, http.RequestAborted).ConfigureAwait(false);
            if (!auditTrail.IsAvailable && !options.AuditFailOpen)
            {
                throw KmsErrors.Internal("The audit trail cannot be written, so Keyhold refuses requests until it can. Retry later.");
            }

            if (action != "GetCallerIdentity")
            {
                throw StsErrors.InvalidAction(action);
            }

            var userId = await UserIdAsync(principal, http.RequestAborted).ConfigureAwait(false);
            await WriteAsync(http, 200, GetCallerIdentityXml(principal, userId, requestId)).ConfigureAwait(false);
        }
        catch (KmsException ex)
        {
            (errorCode, errorMessage) = (ex.Code, ex.HasMessage ? ex.Message : null);
            await WriteErrorAsync(http, ex.Code, errorMessage, requestId).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            (errorCode, errorMessage) = ("RequestCanceled", "The client closed the connection.");
        }
#pragma warning disable CA1031 // Any other failure must become a logged InternalFailure, never a stack trace on the wire.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogUnexpected(logger, ex, requestId);
            (errorCode, errorMessage) = (KmsErrorCodes.KmsInternal, $"An internal error occurred (request {requestId}).");
            await WriteErrorAsync(http, errorCode, errorMessage, requestId).ConfigureAwait(false);
        }
        finally
        {
            auditTrail.Record(AuditEventBuilder.Build(new AuditInput
            {
                EventId = Guid.NewGuid().ToString("D"),
                Time = started,
                EventSource = "sts.amazonaws.com",
                EventName = action,
                Region = region ?? options.Region,
                Principal = principal,
                SourceIp = http.Connection.RemoteIpAddress?.ToString(),
                UserAgent = http.Request.Headers.UserAgent.ToString(),
                ErrorCode = errorCode,
                ErrorMessage = errorMessage,
                RequestId = requestId,
                ReadOnly = true,
            }));
        }
    }

    /// <summary>IAM's unique id of the caller: the account id for the root, the user's <c>AIDA…</c> id for a user.</summary>
    private async Task<string> UserIdAsync(Principal principal, CancellationToken cancellationToken)
    {
        if (principal.IsRoot)
        {
            return principal.AccountId;
        }

        var user = await store.GetUserAsync(principal.AccountId, principal.UserName!, cancellationToken).ConfigureAwait(false);
        return user?.UserId ?? throw StsErrors.InvalidClientTokenId();
    }

    private static string GetCallerIdentityXml(Principal principal, string userId, string requestId) =>
        new StringBuilder()
            .Append("<GetCallerIdentityResponse xmlns=\"").Append(Namespace).Append("\">\n")
            .Append("  <GetCallerIdentityResult>\n")
            .Append("    <Arn>").Append(SecurityElement.Escape(principal.Arn)).Append("</Arn>\n")
            .Append("    <UserId>").Append(SecurityElement.Escape(userId)).Append("</UserId>\n")
            .Append("    <Account>").Append(principal.AccountId).Append("</Account>\n")
            .Append("  </GetCallerIdentityResult>\n")
            .Append("  <ResponseMetadata>\n")
            .Append("    <RequestId>").Append(requestId).Append("</RequestId>\n")
            .Append("  </ResponseMetadata>\n")
            .Append("</GetCallerIdentityResponse>\n")
            .ToString();

    private static async Task<byte[]> ReadBodyAsync(HttpContext http)
    {
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            throw new KmsException("RequestEntityTooLarge", $"The request body is larger than the limit of {MaxBodyBytes} bytes.");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes)
            {
                throw new KmsException("RequestEntityTooLarge", $"The request body is larger than the limit of {MaxBodyBytes} bytes.");
            }
        }

        return buffer.ToArray();
    }

    private static Task WriteErrorAsync(HttpContext http, string kmsCode, string? message, string requestId)
    {
        if (http.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        var (type, code, status) = StsErrors.Map(kmsCode);
        var xml = new StringBuilder()
            .Append("<ErrorResponse xmlns=\"").Append(Namespace).Append("\">\n")
            .Append("  <Error>\n")
            .Append("    <Type>").Append(type).Append("</Type>\n")
            .Append("    <Code>").Append(SecurityElement.Escape(code)).Append("</Code>\n")
            .Append("    <Message>").Append(SecurityElement.Escape(message ?? string.Empty)).Append("</Message>\n")
            .Append("  </Error>\n")
            .Append("  <RequestId>").Append(requestId).Append("</RequestId>\n")
            .Append("</ErrorResponse>\n")
            .ToString();
        return WriteAsync(http, status, xml);
    }

    private static async Task WriteAsync(HttpContext http, int status, string xml)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/xml";
        await http.Response.WriteAsync(xml, http.RequestAborted).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Error, Message = "Unexpected failure in STS request {RequestId}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string requestId);
}

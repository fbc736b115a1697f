using System.Buffers;
using System.Collections.Frozen;
using System.Text.Json;
using Keyhold.Core.Errors;
using Keyhold.Protocol.Authentication;
using Keyhold.Protocol.Validation;
using Keyhold.Server.Audit;
using Keyhold.Server.Authentication;
using Keyhold.Server.Hosting;
using Keyhold.Server.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Keyhold.Server.Protocol;

/// <summary>
/// <c>POST /</c>: the AWS JSON 1.1 pipeline. Order: X-Amz-Target → body size limit → SigV4 → JSON parse →
/// model validation (KMS operations) → handler. Every failure becomes an AWS error body; nothing else reaches the wire.
/// Every request, allowed, denied or failed, becomes one audit event (<see cref="RequestAudit"/>).
/// </summary>
internal sealed partial class KmsEndpoint(
    IEnumerable<IKmsOperation> operations,
    IRequestAuthenticator authenticator,
    KeyholdLimits limits,
    AuditTrail auditTrail,
    KeyholdOptions options,
    TimeProvider time,
    ILogger<KmsEndpoint> logger)
{
    public const string ContentType = "application/x-amz-json-1.1";

    private const string SlowBodyMessage = "The request body arrived too slowly.";

    private readonly FrozenDictionary<string, IKmsOperation> _operations =
        operations.ToFrozenDictionary(o => o.Service + "." + o.Name, StringComparer.Ordinal);

    public async Task HandleAsync(HttpContext http)
    {
        var requestId = Guid.NewGuid().ToString("D");
        http.Response.Headers["x-amzn-RequestId"] = requestId;
        var audit = new RequestAudit(http, requestId, time.GetUtcNow());
        byte[]? buffer = null;
        JsonDocument? document = null;
        try
        {
            var target = http.Request.Headers["X-Amz-Target"].ToString();
            var isKms = target.StartsWith(KmsTargets.KmsService + ".", StringComparison.Ordinal);
            var operationName = isKms ? target[(KmsTargets.KmsService.Length + 1)..] : null;
            _operations.TryGetValue(target, out var operation);
            audit.EventName = operation?.Name ?? operationName ?? (target.Length == 0 ? "Unknown" : target);
            audit.EventSource = isKms || operation is null ? "kms.amazonaws.com" : "keyhold";
            if (isKms ? !KmsServiceModel.Instance.IsKnownOperation(operationName!) : operation is null)
            {
                throw new KmsException(KmsErrorCodes.UnknownOperationException, message: null);
            }

            var length = await ReadBodyAsync(http, limits.MaxRequestBodyBytes).ConfigureAwait(false);
            buffer = length.Buffer;
            var body = buffer.AsMemory(0, length.Length);
            var (principal, region) = await authenticator.AuthenticateAsync(http.Request, body, SigV4Parser.KmsService, http.RequestAborted).ConfigureAwait(false);
            audit.Principal = principal;
            audit.Region = region;
            if (!auditTrail.IsAvailable && !options.AuditFailOpen)
            {
                throw KmsErrors.Internal("The audit trail cannot be written, so Keyhold refuses requests until it can (docs/designs/audit.md). Retry later.");
            }

            if (operation is null)
            {
                throw new KmsException(KmsErrorCodes.UnsupportedOperation, $"Keyhold does not support {operationName} yet.");
            }

            document = RequestBody.Parse(body);
            audit.Request = document.RootElement;
            if (isKms)
            {
                RequestValidator.Validate(operationName!, document.RootElement);
                Grants.GrantTokens.EnsureWellFormed(document.RootElement);
            }

            http.Response.ContentType = ContentType;
            var context = new KmsRequestContext(principal, region, requestId)
            {
                Operation = operation.Name,
                Body = document.RootElement,
                SourceIp = audit.SourceIp,
                SecureTransport = http.Request.IsHttps,
                UserAgent = audit.UserAgent,
            };
            audit.Context = context;
            if (AuditedMembers.IsReadOnly(operation.Name))
            {
                await operation.InvokeAsync(context, document.RootElement, http.Response.Body, http.RequestAborted).ConfigureAwait(false);
            }
            else
            {
                // Changes are audited with their response (CloudTrail's responseElements), so it is kept until the event is built.
                audit.Response = new MemoryStream();
                await operation.InvokeAsync(context, document.RootElement, audit.Response, http.RequestAborted).ConfigureAwait(false);
                audit.Response.Position = 0;
                await audit.Response.CopyToAsync(http.Response.Body, http.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (KmsException ex)
        {
            audit.Fail(ex.Code, ex.HasMessage ? ex.Message : null);
            await WriteErrorAsync(http, ex.StatusCode, ex.Code, ex.HasMessage ? ex.Message : null).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is no one to answer.
            audit.Fail("RequestCanceled", "The client closed the connection.");
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            audit.Fail(KmsErrorCodes.RequestEntityTooLarge, TooLargeMessage(limits.MaxRequestBodyBytes));
            await WriteErrorAsync(http, 413, KmsErrorCodes.RequestEntityTooLarge, TooLargeMessage(limits.MaxRequestBodyBytes)).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status408RequestTimeout)
        {
            // Kestrel's MinRequestBodyDataRate (docs/operations/limits.md): a client's fault, not a 500. Kestrel closes
            // the connection after this answer.
            audit.Fail(KmsErrorCodes.RequestTimeout, SlowBodyMessage);
            await WriteErrorAsync(http, 408, KmsErrorCodes.RequestTimeout, SlowBodyMessage).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Core.Storage.StoreUnavailableException)
        {
            LogStoreUnavailable(logger, ex, requestId);
            audit.Fail(KmsErrorCodes.KmsInternal, "The key store is temporarily unavailable. Retry the request.");
            await WriteErrorAsync(http, 500, KmsErrorCodes.KmsInternal, "The key store is temporarily unavailable. Retry the request.").ConfigureAwait(false);
        }
        catch (Core.Storage.StoreConflictException)
        {
            // A compare-and-swap lost more races than its retries allow: nothing was written; the client may retry.
            const string Message = "The resource was changed by too many concurrent requests. Retry the request.";
            audit.Fail(KmsErrorCodes.KmsInternal, Message);
            await WriteErrorAsync(http, 500, KmsErrorCodes.KmsInternal, Message).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Any other failure must become a logged KMSInternalException, never a stack trace on the wire.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogUnexpected(logger, ex, requestId);
            audit.Fail(KmsErrorCodes.KmsInternal, $"An internal error occurred (request {requestId}).");
            await WriteErrorAsync(http, 500, KmsErrorCodes.KmsInternal, $"An internal error occurred (request {requestId}).").ConfigureAwait(false);
        }
        finally
        {
            auditTrail.Record(audit.Build(options.Region));
            document?.Dispose();
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
            }
        }
    }

    /// <summary>Reads the body into a pooled buffer, refusing (413) anything over the limit before buffering it.</summary>
    private static async Task<(byte[] Buffer, int Length)> ReadBodyAsync(HttpContext http, long maxBytes)
    {
        var declared = http.Request.ContentLength;
        if (declared > maxBytes)
        {
            throw new KmsException(KmsErrorCodes.RequestEntityTooLarge, TooLargeMessage(maxBytes), 413);
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(declared ?? 4096, maxBytes) + 1);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > maxBytes)
                    {
                        throw new KmsException(KmsErrorCodes.RequestEntityTooLarge, TooLargeMessage(maxBytes), 413);
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, maxBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
                    buffer = larger;
                }

                var read = await http.Request.Body.ReadAsync(buffer.AsMemory(length), http.RequestAborted).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > maxBytes)
                {
                    throw new KmsException(KmsErrorCodes.RequestEntityTooLarge, TooLargeMessage(maxBytes), 413);
                }
            }

            return (buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
            throw;
        }
    }

    private static string TooLargeMessage(long maxBytes) => $"The request body is larger than the limit of {maxBytes} bytes.";

    private static async Task WriteErrorAsync(HttpContext http, int status, string code, string? message)
    {
        if (http.Response.HasStarted)
        {
            return;
        }

        http.Response.StatusCode = status;
        http.Response.ContentType = ContentType;
        await JsonSerializer.SerializeAsync(http.Response.Body, new Wire.ErrorResponse(code, message), KmsJsonContext.Default.ErrorResponse, http.RequestAborted)
            .ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Unexpected failure in request {RequestId}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string requestId);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Key store unavailable in request {RequestId}")]
    private static partial void LogStoreUnavailable(ILogger logger, Exception exception, string requestId);
}

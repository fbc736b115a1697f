using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Server.Protocol;

namespace Keyhold.Server.Operations;

/// <summary>
/// Base of every handler: deserializes the request with the source-generated type info, runs
/// <see cref="HandleAsync"/>, serializes the response. Handlers hold only the operation's logic.
/// </summary>
internal abstract class KmsOperation<TRequest, TResponse> : IKmsOperation
    where TRequest : class
{
    public abstract string Name { get; }

    public virtual string Service => KmsTargets.KmsService;

    protected abstract JsonTypeInfo<TRequest> RequestType { get; }

    protected abstract JsonTypeInfo<TResponse> ResponseType { get; }

    public async Task InvokeAsync(KmsRequestContext context, JsonElement body, Stream response, CancellationToken cancellationToken)
    {
        TRequest? request;
        try
        {
            request = body.Deserialize(RequestType);
        }
        catch (JsonException ex)
        {
            // System.Text.Json's own message names .NET types (Keyhold.Server.Wire.*, System.String); say where, not what.
            throw new KmsException(KmsErrorCodes.SerializationException, $"The value at {ex.Path ?? "$"} cannot be read.");
        }

        if (request is null)
        {
            throw new KmsException(KmsErrorCodes.SerializationException, "The request body must be a JSON object.");
        }

        var result = await HandleAsync(context, request, cancellationToken).ConfigureAwait(false);
        await JsonSerializer.SerializeAsync(response, result, ResponseType, cancellationToken).ConfigureAwait(false);
    }

    public abstract Task<TResponse> HandleAsync(KmsRequestContext context, TRequest request, CancellationToken cancellationToken);
}

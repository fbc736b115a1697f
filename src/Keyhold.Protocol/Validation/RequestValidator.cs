using System.Text.Json;
using Keyhold.Core.Errors;

namespace Keyhold.Protocol.Validation;

/// <summary>
/// Validates an AWS JSON 1.1 request body against the KMS service model before any handler runs, failing the way
/// AWS does: <c>SerializationException</c> for a value of the wrong JSON type, <c>ValidationException</c> listing up
/// to ten broken model constraints (<c>1 validation error detected: Value 'x' at 'keySpec' failed to satisfy
/// constraint: ...</c>). Checks that are not model constraints (e.g. the <c>alias/</c> prefix) belong to handlers.
/// </summary>
public static class RequestValidator
{
    /// <summary>
    /// Validates <paramref name="body"/>, the parsed root of the request, for <paramref name="operation"/>.
    /// Throws <see cref="KmsException"/>; returns normally when the request is valid.
    /// </summary>
    public static void Validate(string operation, JsonElement body) => Validate(KmsServiceModel.Instance, operation, body);

    internal static void Validate(KmsServiceModel model, string operation, JsonElement body)
    {
        if (!model.TryGetInput(operation, out var input))
        {
            // Callers check IsKnownOperation first; AWS sends this error with no message.
            throw new KmsException(KmsErrorCodes.UnknownOperationException, message: null);
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            throw SerializationErrors.NotAnObject(body.ValueKind);
        }

        var walker = new RequestWalker();
        walker.WalkStructure(input, body);
        if (walker.Errors is { } errors)
        {
            throw KmsErrors.Validation(FormatMessage(errors));
        }
    }

    /// <summary><c>N validation error(s) detected: </c> then the errors joined by <c>"; "</c>.</summary>
    internal static string FormatMessage(List<string> errors) =>
        errors.Count == 1
            ? "1 validation error detected: " + errors[0]
            : $"{errors.Count} validation errors detected: {string.Join("; ", errors)}";
}

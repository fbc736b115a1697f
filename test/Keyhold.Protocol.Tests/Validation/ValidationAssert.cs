using System.Text.Json;
using Keyhold.Core.Errors;
using Keyhold.Protocol.Validation;

namespace Keyhold.Protocol.Tests.Validation;

/// <summary>Runs <see cref="RequestValidator"/> on a JSON body and returns what it threw.</summary>
internal static class ValidationAssert
{
    public static void Passes(string operation, string json, KmsServiceModel? model = null)
    {
        using var document = JsonDocument.Parse(json);
        RequestValidator.Validate(model ?? KmsServiceModel.Instance, operation, document.RootElement);
    }

    public static KmsException Throws(string operation, string json, KmsServiceModel? model = null)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return Assert.Throws<KmsException>(() => RequestValidator.Validate(model ?? KmsServiceModel.Instance, operation, root));
    }

    /// <summary>Asserts a ValidationException (HTTP 400) and returns its message.</summary>
    public static string ValidationMessage(string operation, string json, KmsServiceModel? model = null)
    {
        var exception = Throws(operation, json, model);
        Assert.Equal(KmsErrorCodes.ValidationException, exception.Code);
        Assert.Equal(400, exception.StatusCode);
        return exception.Message;
    }

    /// <summary>Asserts a SerializationException (HTTP 400) and returns its message.</summary>
    public static string SerializationMessage(string operation, string json)
    {
        var exception = Throws(operation, json);
        Assert.Equal(KmsErrorCodes.SerializationException, exception.Code);
        Assert.Equal(400, exception.StatusCode);
        return exception.Message;
    }

    /// <summary>A JSON string literal (quotes included) for <paramref name="text"/>.</summary>
    public static string Json(string text) => JsonSerializer.Serialize(text);

    /// <summary>Base64 of <paramref name="length"/> bytes, as a blob member carries them.</summary>
    public static string Blob(int length) => Convert.ToBase64String(new byte[length]);
}

using System.Text.Json;
using System.Text.Unicode;
using Keyhold.Core.Errors;

namespace Keyhold.Protocol.Validation;

/// <summary>
/// Parses an AWS JSON 1.1 request body the way the endpoint accepts it, before <see cref="RequestValidator"/> runs:
/// every body that is not well-formed UTF-8 JSON, whose strings cannot all be read, is refused here as a
/// <c>SerializationException</c> so no later reader can fail on it.
/// </summary>
public static class RequestBody
{
    /// <summary>
    /// A member named twice is refused rather than resolved: the validator, a policy condition and a handler must
    /// never be able to read different copies of one member (as for key policies, <c>PolicyParser</c>).
    /// </summary>
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 32, AllowDuplicateProperties = false };

    /// <summary>Parses <paramref name="body"/>; an empty body reads as <c>{}</c>. The caller disposes the document.</summary>
    /// <exception cref="KmsException"><c>SerializationException</c>: the body is not valid UTF-8 JSON.</exception>
    public static JsonDocument Parse(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            // botocore sends "{}" for empty inputs; an empty body is treated the same way.
            return JsonDocument.Parse("{}");
        }

        // JsonDocument does not check that string contents are UTF-8; a stray byte would otherwise surface later, as an
        // InvalidOperationException (a 500) wherever a value is first read as a string.
        if (!Utf8.IsValid(body.Span))
        {
            throw new KmsException(KmsErrorCodes.SerializationException, "The request body is not valid UTF-8.");
        }

        try
        {
            // Checked first: JsonDocument's duplicate-member check reads member names and fails on these too.
            if (HasLoneSurrogateEscape(body.Span))
            {
                throw new KmsException(KmsErrorCodes.SerializationException, "The request body is not valid JSON: a \\u escape is a lone surrogate.");
            }

            // A root that is not an object is left to RequestValidator, which words it as AWS does (list vs scalar).
            return JsonDocument.Parse(body, ParseOptions);
        }
        catch (JsonException)
        {
            throw new KmsException(KmsErrorCodes.SerializationException, "The request body is not valid JSON.");
        }
    }

    /// <summary>
    /// True if a string or member name escapes half a surrogate pair (<c>"\ud800"</c>). JsonDocument keeps escapes as
    /// written and only fails when such a string is read, with an InvalidOperationException (found by the fuzz tests).
    /// Paired escapes (<c>"\ud83d\ude00"</c>, as Python's json module writes emoji) are fine.
    /// </summary>
    private static bool HasLoneSurrogateEscape(ReadOnlySpan<byte> body)
    {
        if (body.IndexOf("\\u"u8) < 0)
        {
            return false;
        }

        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = ParseOptions.MaxDepth });
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
            {
                try
                {
                    reader.GetString();
                }
                catch (InvalidOperationException)
                {
                    return true;
                }
            }
        }

        return false;
    }
}

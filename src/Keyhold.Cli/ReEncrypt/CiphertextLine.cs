using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Keyhold.Cli.Wire;

namespace Keyhold.Cli.ReEncrypt;

/// <summary>
/// One line of <c>keyhold reencrypt</c>'s input: a base64 ciphertext, or a JSON object
/// <c>{"CiphertextBlob": "&lt;base64&gt;", "EncryptionContext": {"k": "v"}}</c> that gives that ciphertext its own
/// encryption context.
/// </summary>
internal sealed record CiphertextLine(string? CiphertextBlob, Dictionary<string, string>? EncryptionContext)
{
    /// <summary>
    /// Reads a line into its ciphertext and its own encryption context (null when it gives none); on failure
    /// <paramref name="problem"/> says why, without repeating the line.
    /// </summary>
    public static bool TryParse(
        string line,
        [NotNullWhen(true)] out byte[]? ciphertext,
        out Dictionary<string, string>? context,
        [NotNullWhen(false)] out string? problem)
    {
        ciphertext = null;
        context = null;
        var text = line.AsSpan().Trim();
        if (text.IsEmpty)
        {
            problem = "empty line";
            return false;
        }

        if (text[0] != '{')
        {
            ciphertext = FromBase64(text);
            problem = ciphertext is null ? "not a base64 ciphertext or a JSON object with a CiphertextBlob" : null;
            return ciphertext is not null;
        }

        CiphertextLine? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(text, CliJsonContext.Default.CiphertextLine);
        }
        catch (JsonException ex)
        {
            problem = $"not a JSON object {{\"CiphertextBlob\": \"<base64>\", \"EncryptionContext\": {{...}}}}: {ex.Message}";
            return false;
        }

        if (parsed?.CiphertextBlob is not { } blob)
        {
            problem = "the JSON object has no CiphertextBlob";
            return false;
        }

        ciphertext = FromBase64(blob);
        if (ciphertext is null)
        {
            problem = "the CiphertextBlob is not base64";
            return false;
        }

        context = parsed.EncryptionContext;
        problem = null;
        return true;
    }

    private static byte[]? FromBase64(ReadOnlySpan<char> text)
    {
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        return Convert.TryFromBase64Chars(text, buffer, out var written) && written > 0 ? buffer[..written] : null;
    }
}

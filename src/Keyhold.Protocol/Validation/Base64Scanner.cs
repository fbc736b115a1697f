using System.Buffers;
using System.Globalization;
using System.Text;

namespace Keyhold.Protocol.Validation;

/// <summary>
/// Checks that a blob is canonical standard Base64 (as AWS's JSON reader demands) and returns its decoded length,
/// without decoding it: the hot path (Encrypt's plaintext, Decrypt's ciphertext) only needs the size.
/// </summary>
internal static class Base64Scanner
{
    private static readonly SearchValues<byte> Alphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"u8);

    /// <summary>The decoded length; throws a <c>SerializationException</c> when the text is not valid Base64.</summary>
    public static int DecodedLength(ReadOnlySpan<byte> utf8)
    {
        // AWS counts characters (UTF-16 units, as Java does); bytes only differ for text that is not Base64 anyway.
        var textLength = Ascii.IsValid(utf8) ? utf8.Length : Encoding.UTF8.GetCharCount(utf8);
        if (textLength % 4 != 0)
        {
            throw SerializationErrors.InvalidBase64(string.Create(
                CultureInfo.InvariantCulture, $"Base64 encoded length is expected a multiple of 4 bytes but found: {textLength}"));
        }

        if (utf8.IsEmpty)
        {
            return 0;
        }

        var padding = utf8[^1] != '=' ? 0 : utf8[^2] != '=' ? 1 : 2;
        var data = utf8[..^padding];
        var invalid = data.IndexOfAnyExcept(Alphabet);
        if (invalid >= 0)
        {
            throw SerializationErrors.InvalidBase64("Invalid Base64 character: '" + CharacterAt(data, invalid) + "'");
        }

        // With padding, the unused low bits of the last data character must be zero (canonical encoding).
        var unusedBits = padding == 2 ? 0b1111 : 0b11;
        if (padding > 0 && (SextetOf(data[^1]) & unusedBits) != 0)
        {
            // Sic: AWS's own spelling.
            throw SerializationErrors.InvalidBase64("Invalid last non-pad Base64 character dectected");
        }

        return (utf8.Length / 4 * 3) - padding;
    }

    private static string CharacterAt(ReadOnlySpan<byte> utf8, int index) =>
        Rune.DecodeFromUtf8(utf8[index..], out var rune, out _) == OperationStatus.Done
            ? rune.ToString()
            : ((char)utf8[index]).ToString();

    private static int SextetOf(byte c) => c switch
    {
        >= (byte)'A' and <= (byte)'Z' => c - 'A',
        >= (byte)'a' and <= (byte)'z' => c - 'a' + 26,
        >= (byte)'0' and <= (byte)'9' => c - '0' + 52,
        (byte)'+' => 62,
        _ => 63,
    };
}

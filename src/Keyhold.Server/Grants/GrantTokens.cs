using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Keyhold.Core.Errors;

namespace Keyhold.Server.Grants;

/// <summary>
/// Grant ids and grant tokens. An id is 64 lowercase hex characters, as AWS's. A token is opaque to clients:
/// <c>KHGT</c> followed by 43 base64url characters (32 random bytes). Keyhold's grants take effect at once on every node
/// (they live in the store, read per request), so a token only has to be well formed where a request passes one in
/// <c>GrantTokens</c>; RetireGrant can name a grant by it.
/// </summary>
internal static class GrantTokens
{
    private const string Prefix = "KHGT";
    private const int RandomBytes = 32;

    public static string NewGrantId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string NewToken() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes));

    public static bool IsWellFormedGrantId(string grantId) =>
        grantId.Length == 64 && grantId.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    public static bool IsWellFormedToken(string token)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length != Prefix.Length + 43)
        {
            return false;
        }

        Span<byte> decoded = stackalloc byte[RandomBytes];
        return Base64Url.TryDecodeFromChars(token.AsSpan(Prefix.Length), decoded, out var written) && written == RandomBytes;
    }

    /// <summary>Checks the <c>GrantTokens</c> member of any request: each must be a token Keyhold issued the shape of.</summary>
    public static void EnsureWellFormed(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("GrantTokens", out var tokens) || tokens.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var token in tokens.EnumerateArray())
        {
            if (token.ValueKind == JsonValueKind.String && !IsWellFormedToken(token.GetString()!))
            {
                throw InvalidToken();
            }
        }
    }

    public static KmsException InvalidToken() => new(KmsErrorCodes.InvalidGrantToken, "Grant token is invalid or malformed.");
}

using System.Security.Cryptography;
using System.Text;

namespace Keyhold.Server.Rotation;

/// <summary>
/// The id of the key a rotate-alias creates is derived from the rotation it belongs to (account, region, alias, the
/// key being replaced and the alias-history entry that made it current). A rerun after a crash derives the same id,
/// finds the key already created, and carries on instead of creating a second key; a later rotation gets a new id.
/// Formatted as an RFC 4122 version 8 (custom) UUID.
/// </summary>
internal static class RotationKeyId
{
    public static string Derive(string accountId, string region, string aliasName, string oldKeyId, long historySequence)
    {
        var input = Encoding.UTF8.GetBytes($"keyhold/v1/rotate-alias\n{accountId}\n{region}\n{aliasName}\n{oldKeyId}\n{historySequence}");
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes, bigEndian: true).ToString("D");
    }
}

using System.Security.Cryptography;

namespace Keyhold.Crypto.Protection;

/// <summary>
/// AES-256-GCM sealing with a random 96-bit nonce: <c>nonce(12) || ciphertext || tag(16)</c> written after a
/// caller-supplied prefix. Shared by the root-key wrapping and the domain-key ring.
/// </summary>
internal static class AesGcmSeal
{
    public const int NonceSize = 12;
    public const int TagSize = 16;

    public static byte[] Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var output = new byte[prefix.Length + NonceSize + plaintext.Length + TagSize];
        var span = output.AsSpan();
        prefix.CopyTo(span);
        var nonce = span.Slice(prefix.Length, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(
            nonce,
            plaintext,
            span.Slice(prefix.Length + NonceSize, plaintext.Length),
            span.Slice(prefix.Length + NonceSize + plaintext.Length, TagSize),
            associatedData);
        return output;
    }

    /// <summary>Opens what <see cref="Seal"/> wrote after <paramref name="prefixLength"/> bytes; null if authentication fails.</summary>
    public static byte[]? Open(ReadOnlySpan<byte> key, ReadOnlySpan<byte> sealedData, int prefixLength, ReadOnlySpan<byte> associatedData)
    {
        var length = sealedData.Length - prefixLength - NonceSize - TagSize;
        if (length < 0)
        {
            return null;
        }

        var plaintext = new byte[length];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(
                sealedData.Slice(prefixLength, NonceSize),
                sealedData.Slice(prefixLength + NonceSize, length),
                sealedData.Slice(prefixLength + NonceSize + length, TagSize),
                plaintext,
                associatedData);
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }
}

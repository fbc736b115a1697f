using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Keyhold.Crypto.Envelope;

/// <summary>
/// The ciphertext blob of symmetric Encrypt / GenerateDataKey / ReEncrypt (docs/designs/ciphertext-format.md).
/// <code>
/// offset  size  field
///  0       1    format version (0x01)
///  1      16    key id (UUID, RFC 4122 byte order)
/// 17       4    key-material version (uint32, big-endian, 1 or higher)
/// 21      16    salt: per-message key = HKDF-SHA256(material, salt, "keyhold/v1/symmetric")
/// 37      12    AES-GCM nonce (random)
/// 49       n    AES-256-GCM ciphertext of the plaintext
/// 49+n    16    AES-GCM tag
/// </code>
/// Additional data = bytes 0..48 (the whole header, binding key id, version, salt and nonce) followed by the
/// canonical encryption context (<see cref="EncryptionContextEncoder"/>). The per-message key keeps AES-GCM far
/// from its random-nonce usage limit however many messages one key version encrypts.
/// </summary>
public static class SymmetricCiphertext
{
    public const byte FormatVersion = 0x01;
    public const int HeaderSize = 49;
    public const int TagSize = 16;
    public const int Overhead = HeaderSize + TagSize;

    private const int KeyIdOffset = 1;
    private const int VersionOffset = 17;
    private const int SaltOffset = 21;
    private const int SaltSize = 16;
    private const int NonceOffset = 37;
    private const int NonceSize = 12;
    private static readonly byte[] HkdfInfo = "keyhold/v1/symmetric"u8.ToArray();

    /// <summary>Encrypts <paramref name="plaintext"/> under one version (1 or higher) of a key's 256-bit material.</summary>
    public static byte[] Encrypt(
        Guid keyId,
        int materialVersion,
        ReadOnlySpan<byte> material,
        ReadOnlySpan<byte> plaintext,
        IReadOnlyDictionary<string, string>? encryptionContext)
    {
        Span<byte> saltAndNonce = stackalloc byte[SaltSize + NonceSize];
        RandomNumberGenerator.Fill(saltAndNonce);
        return Encrypt(keyId, materialVersion, material, plaintext, encryptionContext, saltAndNonce[..SaltSize], saltAndNonce[SaltSize..]);
    }

    /// <summary>
    /// Encrypts with a caller-chosen salt and nonce. Only for known-answer tests: reusing a salt and nonce pair
    /// under the same material reuses the AES-GCM key and nonce, which breaks confidentiality and integrity.
    /// </summary>
    internal static byte[] Encrypt(
        Guid keyId,
        int materialVersion,
        ReadOnlySpan<byte> material,
        ReadOnlySpan<byte> plaintext,
        IReadOnlyDictionary<string, string>? encryptionContext,
        ReadOnlySpan<byte> salt,
        ReadOnlySpan<byte> nonce)
    {
        // TryReadHeader rejects version 0, so a blob written with it could never be decrypted.
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(materialVersion);
        if (salt.Length != SaltSize || nonce.Length != NonceSize)
        {
            throw new ArgumentException($"The salt must be {SaltSize} bytes and the nonce {NonceSize} bytes.");
        }

        var blob = new byte[Overhead + plaintext.Length];
        var span = blob.AsSpan();
        span[0] = FormatVersion;
        if (!keyId.TryWriteBytes(span.Slice(KeyIdOffset, 16), bigEndian: true, out _))
        {
            throw new CryptographicException("Could not write the key id.");
        }

        BinaryPrimitives.WriteUInt32BigEndian(span[VersionOffset..], (uint)materialVersion);
        salt.CopyTo(span.Slice(SaltOffset, SaltSize));
        nonce.CopyTo(span.Slice(NonceOffset, NonceSize));

        Span<byte> messageKey = stackalloc byte[32];
        try
        {
            DeriveMessageKey(material, span.Slice(SaltOffset, SaltSize), messageKey);
            var aad = BuildAad(span[..HeaderSize], encryptionContext);
            using var aes = new AesGcm(messageKey, TagSize);
            aes.Encrypt(
                span.Slice(NonceOffset, NonceSize),
                plaintext,
                span.Slice(HeaderSize, plaintext.Length),
                span.Slice(HeaderSize + plaintext.Length, TagSize),
                aad);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(messageKey);
        }

        return blob;
    }

    /// <summary>Reads the key id and material version without decrypting; false if the blob is not ours.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> blob, out CiphertextHeader header)
    {
        header = default;
        if (blob.Length < Overhead || blob[0] != FormatVersion)
        {
            return false;
        }

        var version = BinaryPrimitives.ReadUInt32BigEndian(blob[VersionOffset..]);
        if (version is 0 or > int.MaxValue)
        {
            return false;
        }

        header = new CiphertextHeader(new Guid(blob.Slice(KeyIdOffset, 16), bigEndian: true), (int)version);
        return true;
    }

    /// <summary>Decrypts and authenticates; returns null on any failure (tampering, wrong key or wrong context).</summary>
    public static byte[]? TryDecrypt(
        ReadOnlySpan<byte> blob,
        ReadOnlySpan<byte> material,
        IReadOnlyDictionary<string, string>? encryptionContext)
    {
        if (!TryReadHeader(blob, out _))
        {
            return null;
        }

        var plaintextLength = blob.Length - Overhead;
        var plaintext = new byte[plaintextLength];
        Span<byte> messageKey = stackalloc byte[32];
        try
        {
            DeriveMessageKey(material, blob.Slice(SaltOffset, SaltSize), messageKey);
            var aad = BuildAad(blob[..HeaderSize], encryptionContext);
            using var aes = new AesGcm(messageKey, TagSize);
            aes.Decrypt(
                blob.Slice(NonceOffset, NonceSize),
                blob.Slice(HeaderSize, plaintextLength),
                blob.Slice(HeaderSize + plaintextLength, TagSize),
                plaintext,
                aad);
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(messageKey);
        }
    }

    private static void DeriveMessageKey(ReadOnlySpan<byte> material, ReadOnlySpan<byte> salt, Span<byte> output)
    {
        if (material.Length != 32)
        {
            throw new CryptographicException("Symmetric key material must be 256 bits.");
        }

        HKDF.DeriveKey(HashAlgorithmName.SHA256, material, output, salt, HkdfInfo);
    }

    private static byte[] BuildAad(ReadOnlySpan<byte> header, IReadOnlyDictionary<string, string>? encryptionContext)
    {
        var context = EncryptionContextEncoder.Encode(encryptionContext);
        var aad = new byte[header.Length + context.Length];
        header.CopyTo(aad);
        context.CopyTo(aad.AsSpan(header.Length));
        return aad;
    }
}

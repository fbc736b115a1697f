using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Keyhold.Core.Protection;
using Keyhold.Crypto.RootKeys;

namespace Keyhold.Crypto.Protection;

/// <summary>
/// The unwrapped domain keys of this deployment. Everything secret at rest (key material, secret access keys)
/// is sealed by the newest domain key; each sealed blob names the domain key that sealed it:
/// <code>
/// 0x01 || domain key id (uint32, big-endian) || nonce(12) || AES-256-GCM ciphertext || tag(16)
/// </code>
/// with additional data = the first 5 bytes followed by a purpose string (e.g. <c>key-material/KEYID/VERSION</c>),
/// so a sealed blob moved to another row does not open.
/// </summary>
public sealed class DomainKeyRing : IDisposable
{
    private const byte SealVersion = 0x01;
    private const int PrefixSize = 5;
    private readonly Dictionary<int, byte[]> _keys;
    private readonly int _currentId;

    private DomainKeyRing(Dictionary<int, byte[]> keys, int currentId)
    {
        _keys = keys;
        _currentId = currentId;
    }

    /// <summary>Creates a new random domain key with the given id, wrapped by the root key.</summary>
    public static DomainKeyRecord CreateDomainKey(IRootKeyProvider root, int id, DateTimeOffset now)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        try
        {
            return new DomainKeyRecord(id, root.Wrap(key, WrapAad(id)), root.Fingerprint, now);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Unwraps every stored domain key; throws <see cref="RootKeyMismatchException"/> if the root key is not the one used.</summary>
    public static DomainKeyRing Open(IRootKeyProvider root, IReadOnlyList<DomainKeyRecord> records)
    {
        if (records.Count == 0)
        {
            throw new ArgumentException("At least one domain key is required.", nameof(records));
        }

        var keys = new Dictionary<int, byte[]>();
        foreach (var record in records)
        {
            if (!string.Equals(record.RootKeyFingerprint, root.Fingerprint, StringComparison.Ordinal))
            {
                throw new RootKeyMismatchException(
                    $"The data was sealed with a root key whose fingerprint is {record.RootKeyFingerprint}, but {root.Description} has fingerprint {root.Fingerprint}. Start with the original root key; nothing was changed.");
            }

            keys[record.Id] = root.Unwrap(record.WrappedKey, WrapAad(record.Id));
        }

        return new DomainKeyRing(keys, keys.Keys.Max());
    }

    /// <summary>Seals a secret for storage, bound to <paramref name="purpose"/>.</summary>
    public byte[] Seal(ReadOnlySpan<byte> secret, string purpose)
    {
        Span<byte> prefix = stackalloc byte[PrefixSize];
        prefix[0] = SealVersion;
        BinaryPrimitives.WriteInt32BigEndian(prefix[1..], _currentId);
        return AesGcmSeal.Seal(_keys[_currentId], prefix, secret, Aad(prefix, purpose));
    }

    /// <summary>Opens a sealed secret; throws <see cref="CryptographicException"/> if it was altered or moved.</summary>
    public byte[] Open(ReadOnlySpan<byte> sealedSecret, string purpose)
    {
        if (sealedSecret.Length < PrefixSize || sealedSecret[0] != SealVersion)
        {
            throw new CryptographicException($"Sealed data for '{purpose}' has an unknown format.");
        }

        var id = BinaryPrimitives.ReadInt32BigEndian(sealedSecret[1..]);
        if (!_keys.TryGetValue(id, out var key))
        {
            throw new CryptographicException($"Sealed data for '{purpose}' names domain key {id}, which does not exist.");
        }

        return AesGcmSeal.Open(key, sealedSecret, PrefixSize, Aad(sealedSecret[..PrefixSize], purpose))
            ?? throw new CryptographicException($"Sealed data for '{purpose}' failed authentication.");
    }

    /// <summary>
    /// A 256-bit key for <paramref name="purpose"/>, derived (HKDF-SHA256) from the first domain key, so it is the same on
    /// every node and after every restart, and changes only with the root of trust. Used for the audit chain's MAC.
    /// </summary>
    public byte[] DeriveKey(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _keys[_keys.Keys.Min()], 32, salt: [], info: Encoding.UTF8.GetBytes("keyhold/v1/derived/" + purpose));

    public void Dispose()
    {
        foreach (var key in _keys.Values)
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static byte[] WrapAad(int id) => Encoding.ASCII.GetBytes($"keyhold/v1/domain-key/{id}");

    private static byte[] Aad(ReadOnlySpan<byte> prefix, string purpose)
    {
        var purposeBytes = Encoding.UTF8.GetBytes(purpose);
        var aad = new byte[prefix.Length + purposeBytes.Length];
        prefix.CopyTo(aad);
        purposeBytes.CopyTo(aad.AsSpan(prefix.Length));
        return aad;
    }
}

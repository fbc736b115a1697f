using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Keyhold.Core.Audit;
using Keyhold.Crypto.Protection;

namespace Keyhold.Server.Audit;

/// <summary>
/// The audit chain's link: HMAC-SHA256 under a key derived from the domain key over
/// <c>previous hash (32) || sequence (int64, big-endian) || event JSON (UTF-8)</c>. Editing, removing or reordering an
/// event breaks every later link; forging a consistent chain needs the root of trust, not just write access to the
/// database.
/// </summary>
internal sealed class AuditChainHasher(DomainKeyRing ring) : IAuditChainHasher, IDisposable
{
    private readonly byte[] _key = ring.DeriveKey("audit-chain");

    public byte[] ComputeHash(ReadOnlySpan<byte> previousHash, long sequence, string json)
    {
        var length = previousHash.Length + sizeof(long) + Encoding.UTF8.GetByteCount(json);
        var buffer = new byte[length];
        previousHash.CopyTo(buffer);
        BinaryPrimitives.WriteInt64BigEndian(buffer.AsSpan(previousHash.Length), sequence);
        Encoding.UTF8.GetBytes(json, buffer.AsSpan(previousHash.Length + sizeof(long)));
        return HMACSHA256.HashData(_key, buffer);
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_key);
}

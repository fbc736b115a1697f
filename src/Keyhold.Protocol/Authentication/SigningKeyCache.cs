using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Keyhold.Protocol.Authentication;

/// <summary>
/// Derived SigV4 signing keys, <c>HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")</c>,
/// per credential scope. A key is valid for a whole day, so the four-HMAC chain runs once per access key, region
/// and day instead of once per request. Entries are keyed by scope and checked against a SHA-256 fingerprint of
/// the secret, so a rotated secret is never served a stale key and the cache never holds a secret itself.
/// </summary>
internal sealed class SigningKeyCache
{
    public const int DefaultCapacity = 1024;

    private readonly ConcurrentDictionary<SigV4Credential, Entry> _entries = new();
    private readonly int _capacity;

    public SigningKeyCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
    }

    public int Count => _entries.Count;

    /// <summary>Returns the signing key for the scope; callers must not modify it.</summary>
    public byte[] GetSigningKey(SigV4Credential scope, string secretAccessKey)
    {
        Span<byte> fingerprint = stackalloc byte[SHA256.HashSizeInBytes];
        Fingerprint(secretAccessKey, fingerprint);
        if (_entries.TryGetValue(scope, out var entry)
            && CryptographicOperations.FixedTimeEquals(entry.SecretFingerprint, fingerprint))
        {
            return entry.SigningKey;
        }

        var signingKey = Derive(secretAccessKey, scope);
        if (_entries.Count >= _capacity)
        {
            // Simple bound: a full cache starts over. Keys expire daily anyway, and refilling costs one
            // derivation per active access key.
            _entries.Clear();
        }

        _entries[scope] = new Entry(fingerprint.ToArray(), signingKey);
        return signingKey;
    }

    internal static byte[] Derive(string secretAccessKey, SigV4Credential scope)
    {
        var keyLength = 4 + Encoding.UTF8.GetByteCount(secretAccessKey);
        var rented = ArrayPool<byte>.Shared.Rent(Math.Max(keyLength, 64));
        Span<byte> dateKey = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> regionKey = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> serviceKey = stackalloc byte[SHA256.HashSizeInBytes];
        try
        {
            "AWS4"u8.CopyTo(rented);
            Encoding.UTF8.GetBytes(secretAccessKey, rented.AsSpan(4));
            HMACSHA256.HashData(rented.AsSpan(0, keyLength), Encoding.UTF8.GetBytes(scope.Date), dateKey);
            HMACSHA256.HashData(dateKey, Encoding.UTF8.GetBytes(scope.Region), regionKey);
            HMACSHA256.HashData(regionKey, Encoding.UTF8.GetBytes(scope.Service), serviceKey);
            return HMACSHA256.HashData(serviceKey, "aws4_request"u8);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dateKey);
            CryptographicOperations.ZeroMemory(regionKey);
            CryptographicOperations.ZeroMemory(serviceKey);
            ArrayPool<byte>.Shared.Return(rented, clearArray: true);
        }
    }

    private static void Fingerprint(string secretAccessKey, Span<byte> destination)
    {
        var length = Encoding.UTF8.GetByteCount(secretAccessKey);
        var rented = length > 256 ? ArrayPool<byte>.Shared.Rent(length) : null;
        Span<byte> utf8 = rented is null ? stackalloc byte[256] : rented;
        try
        {
            var written = Encoding.UTF8.GetBytes(secretAccessKey, utf8);
            SHA256.HashData(utf8[..written], destination);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(utf8);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private sealed record Entry(byte[] SecretFingerprint, byte[] SigningKey);
}

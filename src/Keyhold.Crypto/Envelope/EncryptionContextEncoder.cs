using System.Buffers.Binary;
using System.Text;

namespace Keyhold.Crypto.Envelope;

/// <summary>
/// Canonical encoding of an encryption context, used as part of the AES-GCM additional data.
/// Pairs are sorted by the ordinal order of their UTF-8 keys, so the same context always encodes the same way
/// whatever order the client sent it in:
/// <code>
/// uint16 pairCount
/// repeated: uint16 keyLength, key (UTF-8), uint16 valueLength, value (UTF-8)
/// </code>
/// An empty or absent context encodes as a zero pair count. Lengths are big-endian.
/// </summary>
public static class EncryptionContextEncoder
{
    // Strict: the default UTF8 encoder maps every lone surrogate to U+FFFD, so distinct contexts would encode alike.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Encodes the context; throws <see cref="ArgumentException"/> if it is not valid UTF-16 or exceeds the length fields.</summary>
    public static byte[] Encode(IReadOnlyDictionary<string, string>? context)
    {
        if (context is null || context.Count == 0)
        {
            return new byte[2];
        }

        if (context.Count > ushort.MaxValue)
        {
            throw new ArgumentException("An encryption context must have fewer than 65536 pairs.", nameof(context));
        }

        var pairs = new KeyValuePair<byte[], byte[]>[context.Count];
        var size = 2;
        var i = 0;
        foreach (var (key, value) in context)
        {
            var keyBytes = StrictUtf8.GetBytes(key);
            var valueBytes = StrictUtf8.GetBytes(value);
            if (keyBytes.Length > ushort.MaxValue || valueBytes.Length > ushort.MaxValue)
            {
                throw new ArgumentException("Encryption context entries must be shorter than 65536 bytes.", nameof(context));
            }

            pairs[i++] = new(keyBytes, valueBytes);
            size += 4 + keyBytes.Length + valueBytes.Length;
        }

        Array.Sort(pairs, static (a, b) => a.Key.AsSpan().SequenceCompareTo(b.Key));

        var output = new byte[size];
        var span = output.AsSpan();
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)pairs.Length);
        var offset = 2;
        foreach (var (key, value) in pairs)
        {
            BinaryPrimitives.WriteUInt16BigEndian(span[offset..], (ushort)key.Length);
            key.CopyTo(span[(offset + 2)..]);
            offset += 2 + key.Length;
            BinaryPrimitives.WriteUInt16BigEndian(span[offset..], (ushort)value.Length);
            value.CopyTo(span[(offset + 2)..]);
            offset += 2 + value.Length;
        }

        return output;
    }
}

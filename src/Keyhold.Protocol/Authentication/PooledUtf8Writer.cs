using System.Buffers;
using System.Text;

namespace Keyhold.Protocol.Authentication;

/// <summary>
/// Builds the canonical request and the string to sign as UTF-8 in one pooled buffer, so verifying a request
/// allocates no strings for them. The buffer is cleared before it goes back to the pool: the canonical request
/// carries the session token.
/// </summary>
internal ref struct PooledUtf8Writer
{
    private byte[] _buffer;
    private int _length;

    public PooledUtf8Writer(int initialCapacity)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
        _length = 0;
    }

    public readonly ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    private static ReadOnlySpan<byte> LowerHexDigits => "0123456789abcdef"u8;

    private static ReadOnlySpan<byte> UpperHexDigits => "0123456789ABCDEF"u8;

    public void Write(byte value)
    {
        Reserve(1)[0] = value;
        _length++;
    }

    public void Write(scoped ReadOnlySpan<byte> utf8)
    {
        utf8.CopyTo(Reserve(utf8.Length));
        _length += utf8.Length;
    }

    public void Write(scoped ReadOnlySpan<char> text)
    {
        _length += Encoding.UTF8.GetBytes(text, Reserve(Encoding.UTF8.GetMaxByteCount(text.Length)));
    }

    public void WriteLowerHex(scoped ReadOnlySpan<byte> bytes)
    {
        var destination = Reserve(bytes.Length * 2);
        for (var i = 0; i < bytes.Length; i++)
        {
            destination[2 * i] = LowerHexDigits[bytes[i] >> 4];
            destination[(2 * i) + 1] = LowerHexDigits[bytes[i] & 0xF];
        }

        _length += bytes.Length * 2;
    }

    /// <summary>Writes <c>%XY</c> with uppercase hex digits, as SigV4's URI encoding requires.</summary>
    public void WritePercentEncoded(byte value)
    {
        var destination = Reserve(3);
        destination[0] = (byte)'%';
        destination[1] = UpperHexDigits[value >> 4];
        destination[2] = UpperHexDigits[value & 0xF];
        _length += 3;
    }

    /// <summary>Empties the writer for reuse; the old content is wiped.</summary>
    public void Clear()
    {
        _buffer.AsSpan(0, _length).Clear();
        _length = 0;
    }

    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer, clearArray: true);
            _buffer = null!;
        }
    }

    private Span<byte> Reserve(int count)
    {
        if (_buffer.Length - _length < count)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + count));
            Written.CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer, clearArray: true);
            _buffer = larger;
        }

        return _buffer.AsSpan(_length, count);
    }
}

using System.Formats.Asn1;

namespace Keyhold.Crypto.Asymmetric;

/// <summary>
/// SM2PKE ciphertext layout. BouncyCastle's SM2Engine works on the raw C1C3C2 concatenation
/// <c>04 ‖ x1(32) ‖ y1(32) ‖ C3 = SM3 hash(32) ‖ C2 (as long as the plaintext)</c>; on the wire it is the GM/T 0009
/// DER structure OpenSSL reads and writes:
/// <code>SEQUENCE { x1 INTEGER, y1 INTEGER, hash OCTET STRING (32), ciphertext OCTET STRING }</code>
/// </summary>
internal static class Sm2Ciphertext
{
    private const int CoordinateLength = 32;
    private const int HashLength = 32;

    public static byte[] ToDer(byte[] raw)
    {
        var x1 = raw.AsSpan(1, CoordinateLength);
        var y1 = raw.AsSpan(1 + CoordinateLength, CoordinateLength);
        var c3 = raw.AsSpan(1 + (2 * CoordinateLength), HashLength);
        var c2 = raw.AsSpan(1 + (2 * CoordinateLength) + HashLength);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteIntegerUnsigned(x1);
            writer.WriteIntegerUnsigned(y1);
            writer.WriteOctetString(c3);
            writer.WriteOctetString(c2);
        }

        return writer.Encode();
    }

    /// <summary>The raw C1C3C2 form, or null if <paramref name="der"/> is not that structure.</summary>
    public static byte[]? FromDer(ReadOnlySpan<byte> der)
    {
        try
        {
            var outer = new AsnReader(der.ToArray(), AsnEncodingRules.DER);
            var sequence = outer.ReadSequence();
            outer.ThrowIfNotEmpty();
            var x1 = sequence.ReadIntegerBytes().Span;
            var y1 = sequence.ReadIntegerBytes().Span;
            var c3 = sequence.ReadOctetString();
            var c2 = sequence.ReadOctetString();
            sequence.ThrowIfNotEmpty();
            if (c3.Length != HashLength || c2.Length == 0)
            {
                return null;
            }

            var raw = new byte[1 + (2 * CoordinateLength) + HashLength + c2.Length];
            raw[0] = 0x04;
            if (!TryWriteCoordinate(x1, raw.AsSpan(1, CoordinateLength)) ||
                !TryWriteCoordinate(y1, raw.AsSpan(1 + CoordinateLength, CoordinateLength)))
            {
                return null;
            }

            c3.CopyTo(raw.AsSpan(1 + (2 * CoordinateLength)));
            c2.CopyTo(raw.AsSpan(1 + (2 * CoordinateLength) + HashLength));
            return raw;
        }
        catch (AsnContentException)
        {
            return null;
        }
    }

    /// <summary>A non-negative DER INTEGER as a fixed-length big-endian coordinate.</summary>
    private static bool TryWriteCoordinate(ReadOnlySpan<byte> integer, Span<byte> destination)
    {
        if (integer.Length > 0 && (integer[0] & 0x80) != 0)
        {
            return false;
        }

        if (integer.Length == CoordinateLength + 1 && integer[0] == 0)
        {
            integer = integer[1..];
        }

        if (integer.Length > CoordinateLength)
        {
            return false;
        }

        integer.CopyTo(destination[(CoordinateLength - integer.Length)..]);
        return true;
    }
}

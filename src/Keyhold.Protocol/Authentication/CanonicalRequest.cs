using System.Security.Cryptography;
using System.Text;

namespace Keyhold.Protocol.Authentication;

/// <summary>
/// Writes the SigV4 canonical request for a received request, canonicalizing each part the way the AWS SDKs do
/// (botocore's SigV4Auth, aws-sdk-net's AWS4Signer, @smithy/signature-v4, aws-c-auth):
/// <code>
/// METHOD \n CanonicalURI \n CanonicalQuery \n name:value \n … \n \n signed;header;names \n HexSHA256(payload)
/// </code>
/// </summary>
internal static class CanonicalRequest
{
    public static void Write(ref PooledUtf8Writer writer, SigV4Request request, ParsedAuthorization parsed)
    {
        writer.Write(request.Method);
        writer.Write((byte)'\n');
        WriteUri(ref writer, request.Path);
        writer.Write((byte)'\n');
        WriteQuery(ref writer, request.QueryString);
        writer.Write((byte)'\n');
        foreach (var name in parsed.SignedHeaderList.Names)
        {
            writer.Write(name);
            writer.Write((byte)':');
            WriteHeaderValue(ref writer, request.Headers(name));
            writer.Write((byte)'\n');
        }

        writer.Write((byte)'\n');
        writer.Write(parsed.SignedHeaderList.Text);
        writer.Write((byte)'\n');
        WritePayloadHash(ref writer, request);
    }

    /// <summary>
    /// The path with dot segments and empty segments removed (RFC 3986 5.2.4, as botocore and smithy do), then
    /// URI-encoded. The path arrives percent-encoded already, so encoding it again ('%' becomes %25) gives the
    /// double encoding every AWS service but S3 expects.
    /// </summary>
    public static void WriteUri(ref PooledUtf8Writer writer, string path)
    {
        if (path is "" or "/")
        {
            writer.Write((byte)'/');
            return;
        }

        var segments = new List<Range>();
        var span = path.AsSpan();
        foreach (var range in span.Split('/'))
        {
            var segment = span[range];
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment is "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                continue;
            }

            segments.Add(range);
        }

        if (path[0] == '/')
        {
            writer.Write((byte)'/');
        }

        for (var i = 0; i < segments.Count; i++)
        {
            if (i > 0)
            {
                writer.Write((byte)'/');
            }

            WriteUriEncoded(ref writer, span[segments[i]]);
        }

        if (segments.Count > 0 && path[^1] == '/')
        {
            writer.Write((byte)'/');
        }
    }

    /// <summary>
    /// Each parameter decoded then re-encoded strictly (RFC 3986 unreserved characters kept, everything else
    /// %XX), a missing '=' read as an empty value, sorted by name then value in byte order.
    /// </summary>
    public static void WriteQuery(ref PooledUtf8Writer writer, string queryString)
    {
        var query = queryString.AsSpan();
        if (query.StartsWith('?'))
        {
            query = query[1..];
        }

        if (query.IsEmpty)
        {
            return;
        }

        var parameters = new List<KeyValuePair<string, string>>();
        foreach (var range in query.Split('&'))
        {
            var parameter = query[range];
            if (parameter.IsEmpty)
            {
                continue;
            }

            var equals = parameter.IndexOf('=');
            var name = equals < 0 ? parameter : parameter[..equals];
            var value = equals < 0 ? ReadOnlySpan<char>.Empty : parameter[(equals + 1)..];
            parameters.Add(new(Reencode(name), Reencode(value)));
        }

        parameters.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Key, b.Key);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });
        for (var i = 0; i < parameters.Count; i++)
        {
            if (i > 0)
            {
                writer.Write((byte)'&');
            }

            writer.Write(parameters[i].Key);
            writer.Write((byte)'=');
            writer.Write(parameters[i].Value);
        }
    }

    /// <summary>
    /// Trims the value and collapses every run of whitespace inside it to one space ("Trimall"). Kestrel has
    /// already trimmed each value of a repeated header before joining them with ',', which matches the SDKs'
    /// per-value trimming.
    /// </summary>
    public static void WriteHeaderValue(ref PooledUtf8Writer writer, string? value)
    {
        var rest = value.AsSpan().Trim();
        while (!rest.IsEmpty)
        {
            var gap = IndexOfWhiteSpace(rest);
            if (gap < 0)
            {
                writer.Write(rest);
                return;
            }

            writer.Write(rest[..gap]);
            writer.Write((byte)' ');
            rest = rest[gap..].TrimStart();
        }
    }

    /// <summary>
    /// The hex SHA-256 of the body. A client-declared <c>X-Amz-Content-SHA256</c> must be exactly that hash:
    /// KMS has no unsigned or streaming payloads, and a declared hash that differs from the body would let the
    /// body be swapped under a valid signature.
    /// </summary>
    private static void WritePayloadHash(ref PooledUtf8Writer writer, SigV4Request request)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        if (request.PayloadSha256.IsEmpty)
        {
            SHA256.HashData(request.Body.Span, hash);
        }
        else if (request.PayloadSha256.Length == SHA256.HashSizeInBytes)
        {
            request.PayloadSha256.Span.CopyTo(hash);
        }
        else
        {
            throw new ArgumentException("PayloadSha256 must be 32 bytes.", nameof(request));
        }

        var start = writer.Written.Length;
        writer.WriteLowerHex(hash);
        var declared = request.Headers("x-amz-content-sha256");
        if (declared is not null && !Ascii.Equals(writer.Written[start..], declared))
        {
            throw SigV4Errors.SignatureDoesNotMatch();
        }
    }

    private static void WriteUriEncoded(ref PooledUtf8Writer writer, ReadOnlySpan<char> text)
    {
        Span<byte> utf8 = stackalloc byte[4];
        while (!text.IsEmpty)
        {
            Rune.DecodeFromUtf16(text, out var rune, out var consumed);
            text = text[consumed..];
            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
            {
                if (IsUnreserved(b))
                {
                    writer.Write(b);
                }
                else
                {
                    writer.WritePercentEncoded(b);
                }
            }
        }
    }

    private static string Reencode(ReadOnlySpan<char> component) =>
        component.IsEmpty ? string.Empty : Uri.EscapeDataString(Uri.UnescapeDataString(component.ToString()));

    private static bool IsUnreserved(byte b) =>
        char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~';

    private static int IndexOfWhiteSpace(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                return i;
            }
        }

        return -1;
    }
}

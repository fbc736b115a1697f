using System.Buffers.Text;
using System.Text;
using Keyhold.Core.Errors;

namespace Keyhold.Server.Protocol;

/// <summary>
/// Opaque pagination markers (Marker / NextMarker): the last item's sort key, base64url-encoded with a
/// kind prefix so a marker from ListKeys is refused by ListAliases. Anything else is InvalidMarkerException.
/// </summary>
internal static class PageMarker
{
    public static string Encode(string kind, string lastKey) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(kind + ":" + lastKey));

    public static string? Decode(string kind, string? marker)
    {
        if (marker is null)
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(marker));
            if (text.Length > kind.Length + 1 && text.StartsWith(kind + ":", StringComparison.Ordinal))
            {
                return text[(kind.Length + 1)..];
            }
        }
        catch (FormatException)
        {
            // Falls through to the AWS error below.
        }

        throw KmsErrors.InvalidMarker();
    }

    /// <summary>Applies AWS's default page size of 100 (ListResourceTags 50) when Limit is absent.</summary>
    public static int LimitOrDefault(int? limit, int defaultLimit) => limit ?? defaultLimit;
}

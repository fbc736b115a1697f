namespace Keyhold.Protocol.Authentication;

/// <summary>The <c>SignedHeaders</c> parameter: header names separated by ';', canonically lowercase and sorted.</summary>
internal static class SignedHeaderList
{
    /// <summary>Lowercases and sorts the names; returns the text unchanged when it already is canonical.</summary>
    public static string[] Read(string text, out string canonicalText)
    {
        var names = text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = names[i].ToLowerInvariant();
        }

        Array.Sort(names, StringComparer.Ordinal);
        canonicalText = IsJoinedBySemicolons(text, names) ? text : string.Join(';', names);
        return names;
    }

    private static bool IsJoinedBySemicolons(string text, string[] names)
    {
        var rest = text.AsSpan();
        for (var i = 0; i < names.Length; i++)
        {
            if (!rest.StartsWith(names[i], StringComparison.Ordinal))
            {
                return false;
            }

            rest = rest[names[i].Length..];
            if (i < names.Length - 1)
            {
                if (rest.IsEmpty || rest[0] != ';')
                {
                    return false;
                }

                rest = rest[1..];
            }
        }

        return rest.IsEmpty;
    }
}

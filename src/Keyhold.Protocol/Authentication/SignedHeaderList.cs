using System.Collections.Concurrent;

namespace Keyhold.Protocol.Authentication;

/// <summary>
/// The <c>SignedHeaders</c> parameter: header names separated by ';', canonically lowercase and sorted.
/// A client sends the same list on every request, so parsed lists are shared through a small bounded cache
/// looked up by the header slice itself; a hit allocates nothing.
/// </summary>
internal sealed class SignedHeaderList
{
    private const int CacheCapacity = 64;

    private static readonly ConcurrentDictionary<string, SignedHeaderList> Cache = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, SignedHeaderList>.AlternateLookup<ReadOnlySpan<char>> CacheBySlice =
        Cache.GetAlternateLookup<ReadOnlySpan<char>>();

    private SignedHeaderList(string[] names)
    {
        Names = names;
        ReadOnlyNames = Array.AsReadOnly(names);
        Text = string.Join(';', names);
    }

    /// <summary>Lowercase, sorted ordinally. Shared between requests: never modify it.</summary>
    public string[] Names { get; }

    public IReadOnlyList<string> ReadOnlyNames { get; }

    /// <summary>The names joined with ';', as they appear in the canonical request.</summary>
    public string Text { get; }

    public bool Contains(string name) => Array.BinarySearch(Names, name, StringComparer.Ordinal) >= 0;

    public static SignedHeaderList Read(ReadOnlySpan<char> text)
    {
        if (CacheBySlice.TryGetValue(text, out var cached))
        {
            return cached;
        }

        var names = text.ToString().Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = names[i].ToLowerInvariant();
        }

        Array.Sort(names, StringComparer.Ordinal);
        var list = new SignedHeaderList(names);
        if (Cache.Count >= CacheCapacity)
        {
            Cache.Clear();
        }

        Cache[text.ToString()] = list;
        return list;
    }
}

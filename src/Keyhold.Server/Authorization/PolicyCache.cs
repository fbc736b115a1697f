using System.Collections.Concurrent;
using Keyhold.Policy;

namespace Keyhold.Server.Authorization;

/// <summary>
/// Parsed policy documents by their text. A key policy is read with its key row on every request (so a change is seen
/// at once, on every node); parsing it again each time would dominate the hot path, and a document's meaning depends
/// only on its text. A text that does not parse (a policy stored before policies were evaluated) gets an empty
/// document: it allows nothing.
/// </summary>
internal sealed class PolicyCache
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<(string Text, PolicyKind Kind), PolicyDocument?> _documents = new();

    /// <summary>The parsed document, or null if <paramref name="text"/> is not a valid policy of that kind.</summary>
    public PolicyDocument? Get(string text, PolicyKind kind)
    {
        if (_documents.TryGetValue((text, kind), out var document))
        {
            return document;
        }

        try
        {
            document = PolicyDocument.Parse(text, kind);
        }
        catch (PolicyValidationException)
        {
            document = null;
        }

        if (_documents.Count >= MaxEntries)
        {
            _documents.Clear();
        }

        _documents[(text, kind)] = document;
        return document;
    }
}

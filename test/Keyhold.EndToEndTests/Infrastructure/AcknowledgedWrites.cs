namespace Keyhold.EndToEndTests.Infrastructure;

/// <summary>
/// What the server acknowledged to one writer: the state a restarted server must still show. A change that was in
/// flight when the process died (<see cref="AcknowledgedValue.Pending"/>) may or may not have been applied; either is fine.
/// Only its writer touches a ledger while the writer runs; verification reads it afterwards.
/// </summary>
public sealed class AcknowledgedWrites(string writer)
{
    private int _sequence;

    public string Writer { get; } = writer;

    /// <summary>Key id → description given at CreateKey.</summary>
    public Dictionary<string, string> Keys { get; } = [];

    /// <summary>Alias name → target key id.</summary>
    public Dictionary<string, AcknowledgedValue> Aliases { get; } = [];

    /// <summary>Key id → tags (tags are only added, never changed, so each acknowledged one must be there as written).</summary>
    public Dictionary<string, Dictionary<string, string>> Tags { get; } = [];

    /// <summary>Key id → policy text from PutKeyPolicy.</summary>
    public Dictionary<string, AcknowledgedValue> Policies { get; } = [];

    public List<SealedData> Ciphertexts { get; } = [];

    public List<SealedData> DataKeys { get; } = [];

    /// <summary>Numbers this writer's names (aliases, tags, policies) so none is reused.</summary>
    public int NextNumber() => ++_sequence;
}

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

    /// <summary>
    /// Key id → state (<c>Enabled</c>, <c>PendingDeletion</c>, <c>Disabled</c>) for keys whose state a writer changed;
    /// a key not listed here must be <c>Enabled</c>.
    /// </summary>
    public Dictionary<string, AcknowledgedValue> KeyStates { get; } = [];

    /// <summary>Key id → RotateKeyOnDemand calls acknowledged (at least that many rotations must be listed).</summary>
    public Dictionary<string, int> Rotations { get; } = [];

    public List<SealedData> Ciphertexts { get; } = [];

    public List<SealedData> DataKeys { get; } = [];

    /// <summary>A deep copy; take it only while the writer is paused (<see cref="WriteWorkload.CopyLedgersAsync"/>).</summary>
    public AcknowledgedWrites Copy()
    {
        var copy = new AcknowledgedWrites(Writer) { _sequence = _sequence };
        foreach (var (keyId, description) in Keys)
        {
            copy.Keys[keyId] = description;
        }

        foreach (var (name, value) in Aliases)
        {
            copy.Aliases[name] = value.Copy();
        }

        foreach (var (keyId, tags) in Tags)
        {
            copy.Tags[keyId] = new Dictionary<string, string>(tags);
        }

        foreach (var (keyId, value) in Policies)
        {
            copy.Policies[keyId] = value.Copy();
        }

        foreach (var (keyId, value) in KeyStates)
        {
            copy.KeyStates[keyId] = value.Copy();
        }

        foreach (var (keyId, count) in Rotations)
        {
            copy.Rotations[keyId] = count;
        }

        copy.Ciphertexts.AddRange(Ciphertexts);
        copy.DataKeys.AddRange(DataKeys);
        return copy;
    }

    /// <summary>
    /// Lets alias targets and policies also be any value <paramref name="later"/> (a copy of the same writer taken
    /// afterwards) acknowledged since this copy: a snapshot taken between the two copies may hold any of them.
    /// </summary>
    public void AllowChangesUpTo(AcknowledgedWrites later)
    {
        ArgumentNullException.ThrowIfNull(later);
        Allow(Aliases, later.Aliases);
        Allow(Policies, later.Policies);

        static void Allow(Dictionary<string, AcknowledgedValue> earlier, Dictionary<string, AcknowledgedValue> later)
        {
            foreach (var (name, value) in earlier)
            {
                var newer = later[name];
                value.AlsoAllowed.UnionWith(newer.History.Skip(value.History.Count));
                if (newer.Pending is not null)
                {
                    value.AlsoAllowed.Add(newer.Pending);
                }
            }
        }
    }

    /// <summary>Whether the key is settled as Enabled, so operations that need an enabled key may use it.</summary>
    public bool IsUsable(string keyId) => !KeyStates.TryGetValue(keyId, out var state) || (state.Acknowledged == "Enabled" && state.Pending is null);

    /// <summary>Numbers this writer's names (aliases, tags, policies) so none is reused.</summary>
    public int NextNumber() => ++_sequence;
}

namespace Keyhold.EndToEndTests.Infrastructure;

/// <summary>The last acknowledged value of something a writer changes, and the value of a change whose outcome it never learnt.</summary>
public sealed class AcknowledgedValue
{
    private readonly List<string> _history = [];
    private string? _acknowledged;

    public string? Acknowledged
    {
        get => _acknowledged;
        set
        {
            _acknowledged = value;
            if (value is not null)
            {
                _history.Add(value);
            }
        }
    }

    public string? Pending { get; set; }

    /// <summary>Values acknowledged later than this copy was taken, which a backup taken meanwhile may hold instead.</summary>
    public HashSet<string> AlsoAllowed { get; } = new(StringComparer.Ordinal);

    /// <summary>Every value ever acknowledged, oldest first.</summary>
    public IReadOnlyList<string> History => _history;

    public bool Allows(string actual) => actual == Acknowledged || actual == Pending || AlsoAllowed.Contains(actual);

    public AcknowledgedValue Copy()
    {
        var copy = new AcknowledgedValue { Pending = Pending };
        copy._history.AddRange(_history);
        copy._acknowledged = _acknowledged;
        copy.AlsoAllowed.UnionWith(AlsoAllowed);
        return copy;
    }

    public override string ToString() => $"acknowledged '{Acknowledged}', in flight '{Pending}'{(AlsoAllowed.Count > 0 ? $", or one of {AlsoAllowed.Count} later values" : "")}";
}

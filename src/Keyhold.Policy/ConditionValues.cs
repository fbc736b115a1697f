namespace Keyhold.Policy;

/// <summary>A mutable request context for conditions: a case-insensitive map from condition key to its values.</summary>
public sealed class ConditionValues : IConditionValues
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Appends one value to a key, creating the key if needed; call it several times for a multi-valued key.</summary>
    public ConditionValues Add(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (!_values.TryGetValue(key, out var list))
        {
            list = [];
            _values[key] = list;
        }

        list.Add(value);
        return this;
    }

    /// <summary>Replaces all values of a key. An empty sequence leaves the key present with no values, which conditions treat as missing.</summary>
    public ConditionValues Set(string key, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(values);
        _values[key] = [.. values];
        return this;
    }

    /// <summary>Removes a key; returns false when it was not there.</summary>
    public bool Remove(string key) => _values.Remove(key);

    /// <inheritdoc />
    public bool TryGetValues(string key, out IReadOnlyList<string> values)
    {
        if (_values.TryGetValue(key, out var list))
        {
            values = list;
            return true;
        }

        values = [];
        return false;
    }
}

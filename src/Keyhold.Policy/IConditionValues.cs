namespace Keyhold.Policy;

/// <summary>
/// The request context that conditions and policy variables read: condition key to values. Keys are case-insensitive.
/// Multi-valued keys (<c>kms:EncryptionContextKeys</c>, <c>kms:ResourceAliases</c>, <c>kms:GrantOperations</c>) have
/// several values; a key that is absent, or present with no values, counts as missing.
/// </summary>
public interface IConditionValues
{
    /// <summary>Looks up a condition key; returns false when the request context does not have it.</summary>
    bool TryGetValues(string key, out IReadOnlyList<string> values);
}

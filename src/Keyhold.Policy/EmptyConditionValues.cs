namespace Keyhold.Policy;

/// <summary>The request context with no keys; the default of <see cref="AuthorizationRequest.Conditions"/>.</summary>
internal sealed class EmptyConditionValues : IConditionValues
{
    public static readonly EmptyConditionValues Instance = new();

    private EmptyConditionValues()
    {
    }

    public bool TryGetValues(string key, out IReadOnlyList<string> values)
    {
        values = [];
        return false;
    }
}

namespace Keyhold.Policy.Conditions;

/// <summary>The <c>ForAnyValue:</c>/<c>ForAllValues:</c> prefix of a condition operator, for multi-valued keys.</summary>
internal enum SetQualifier
{
    None,

    /// <summary>At least one request value must pass; a missing or empty key fails.</summary>
    ForAnyValue,

    /// <summary>Every request value must pass; a missing or empty key passes.</summary>
    ForAllValues,
}

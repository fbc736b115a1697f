namespace Keyhold.Policy.Conditions;

/// <summary>How a Numeric or Date operator compares the request value with a policy value (NotEquals is negated Equals).</summary>
internal enum Comparison
{
    Equals,
    LessThan,
    LessThanEquals,
    GreaterThan,
    GreaterThanEquals,
}

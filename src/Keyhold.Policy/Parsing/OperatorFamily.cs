namespace Keyhold.Policy.Parsing;

/// <summary>The base condition operators, grouped by how their values are parsed and compared.</summary>
internal enum OperatorFamily
{
    StringEquals,
    StringEqualsIgnoreCase,
    StringLike,
    Numeric,
    Date,
    Bool,
    Binary,
    IpAddress,
    Arn,
    Null,
}

using Keyhold.Policy.Conditions;

namespace Keyhold.Policy.Parsing;

/// <summary>A base condition operator (the name without ForAnyValue:/ForAllValues: and IfExists).</summary>
internal readonly record struct BaseOperator(OperatorFamily Family, bool Negated, Comparison Comparison = Comparison.Equals);

namespace Keyhold.Policy.Conditions;

/// <summary>The parts of a condition operator name other than its base (<c>ForAnyValue:StringNotLikeIfExists</c>).</summary>
/// <param name="Qualifier">The set qualifier prefix.</param>
/// <param name="IfExists">The <c>IfExists</c> suffix: a missing key passes.</param>
/// <param name="Negated">The base operator is a negated one (NotEquals, NotLike, NotIpAddress): true when no policy value matches.</param>
internal readonly record struct ConditionOptions(SetQualifier Qualifier, bool IfExists, bool Negated);

namespace Keyhold.Policy.Matching;

/// <summary>One piece of a compiled pattern: literal text, a policy variable (key name and optional default), or a wildcard.</summary>
internal readonly record struct PatternToken(PatternTokenKind Kind, string Text, string? Default = null);

namespace Keyhold.Protocol.Validation;

/// <summary>The constraints a scalar value broke; AWS reports each as its own validation error.</summary>
[Flags]
internal enum ScalarViolations
{
    None = 0,
    Enum = 1,
    Pattern = 2,
    BelowMin = 4,
    AboveMax = 8,
}

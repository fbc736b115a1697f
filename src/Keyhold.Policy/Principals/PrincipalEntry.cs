namespace Keyhold.Policy.Principals;

/// <summary>One parsed principal value.</summary>
/// <param name="Kind">What it names.</param>
/// <param name="Account">The 12-digit account (empty for <see cref="PrincipalEntryKind.Everyone"/> and <see cref="PrincipalEntryKind.NonIam"/>).</param>
/// <param name="Value">The ARN for <see cref="PrincipalEntryKind.Arn"/>, the role name for <see cref="PrincipalEntryKind.Role"/>, else the policy text.</param>
/// <param name="RoleArn">For <see cref="PrincipalEntryKind.Role"/>, the full role ARN.</param>
internal readonly record struct PrincipalEntry(PrincipalEntryKind Kind, string Account, string Value, string? RoleArn = null);

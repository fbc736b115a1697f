namespace Keyhold.Server.Wire;

// Key policy operations.

internal sealed record GetKeyPolicyRequest(string? KeyId, string? PolicyName);

internal sealed record GetKeyPolicyResponse(string Policy, string PolicyName);

internal sealed record PutKeyPolicyRequest(string? KeyId, string? PolicyName, string? Policy, bool? BypassPolicyLockoutSafetyCheck);

internal sealed record ListKeyPoliciesRequest(string? KeyId, int? Limit, string? Marker);

internal sealed record ListKeyPoliciesResponse(List<string> PolicyNames, string? NextMarker, bool Truncated);

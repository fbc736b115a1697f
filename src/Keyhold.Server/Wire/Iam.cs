namespace Keyhold.Server.Wire;

// Keyhold's IAM-style operations (X-Amz-Target "KeyholdService.<Name>"): users, their inline identity policies,
// access keys, and accounts. Member names follow IAM's API (UserName, PolicyName, PolicyDocument, AccessKeyId, Status).

internal sealed record UserNameRequest(string? UserName);

internal sealed record ListUsersRequest;

internal sealed record IamUser(string UserName, string UserId, string Arn, DateTimeOffset CreateDate);

internal sealed record CreateUserResponse(IamUser User);

internal sealed record ListUsersResponse(List<IamUser> Users);

internal sealed record PutUserPolicyRequest(string? UserName, string? PolicyName, string? PolicyDocument);

internal sealed record UserPolicyRequest(string? UserName, string? PolicyName);

internal sealed record GetUserPolicyResponse(string UserName, string PolicyName, string PolicyDocument);

internal sealed record ListUserPoliciesResponse(string UserName, List<string> PolicyNames);

/// <summary>A new access key with its secret: only CreateAccessKey and CreateAccount return one, the only time it is shown.</summary>
/// <remarks>UserName is null for the account root's keys.</remarks>
internal sealed record AccessKey(string AccountId, string? UserName, string AccessKeyId, string Status, string SecretAccessKey, DateTimeOffset CreateDate);

internal sealed record CreateAccessKeyResponse(AccessKey AccessKey);

internal sealed record AccessKeyMetadata(string? UserName, string AccessKeyId, string Status, DateTimeOffset CreateDate);

internal sealed record ListAccessKeysResponse(List<AccessKeyMetadata> AccessKeyMetadata);

/// <summary>Status is Active or Inactive.</summary>
internal sealed record UpdateAccessKeyRequest(string? AccessKeyId, string? Status, string? UserName);

internal sealed record DeleteAccessKeyRequest(string? AccessKeyId, string? UserName);

internal sealed record CreateAccountRequest;

internal sealed record CreateAccountResponse(string AccountId, string Arn, AccessKey AccessKey);

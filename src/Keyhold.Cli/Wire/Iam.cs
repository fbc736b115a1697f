namespace Keyhold.Cli.Wire;

// The CLI's side of Keyhold's IAM-style operations, mirroring src/Keyhold.Server/Wire/Iam.cs.

internal sealed record EmptyRequest;

internal sealed record EmptyResponse;

internal sealed record UserNameRequest(string? UserName);

internal sealed record IamUser(string UserName, string UserId, string Arn, DateTimeOffset CreateDate);

internal sealed record CreateUserResponse(IamUser User);

internal sealed record ListUsersResponse(List<IamUser> Users);

internal sealed record PutUserPolicyRequest(string UserName, string PolicyName, string PolicyDocument);

internal sealed record UserPolicyRequest(string UserName, string PolicyName);

internal sealed record GetUserPolicyResponse(string UserName, string PolicyName, string PolicyDocument);

internal sealed record ListUserPoliciesResponse(string UserName, List<string> PolicyNames);

/// <summary>A new access key with its secret, shown once; UserName is null for an account root's key.</summary>
internal sealed record AccessKey(string AccountId, string? UserName, string AccessKeyId, string Status, string SecretAccessKey, DateTimeOffset CreateDate);

internal sealed record CreateAccessKeyResponse(AccessKey AccessKey);

internal sealed record AccessKeyMetadata(string? UserName, string AccessKeyId, string Status, DateTimeOffset CreateDate);

internal sealed record ListAccessKeysResponse(List<AccessKeyMetadata> AccessKeyMetadata);

internal sealed record UpdateAccessKeyRequest(string AccessKeyId, string Status);

internal sealed record DeleteAccessKeyRequest(string AccessKeyId);

internal sealed record CreateAccountResponse(string AccountId, string Arn, AccessKey AccessKey);

using Keyhold.Core.Errors;

namespace Keyhold.Server.Operations.Iam;

/// <summary>IAM's errors in KMS's error model: NoSuchEntity is NotFoundException, EntityAlreadyExists is AlreadyExistsException.</summary>
internal static class IamErrors
{
    public static KmsException NoSuchUser(string userName) => new(KmsErrorCodes.NotFound, $"The user with name {userName} cannot be found.");

    public static KmsException UserExists(string userName) => new(KmsErrorCodes.AlreadyExists, $"User with name {userName} already exists.");

    public static KmsException NoSuchPolicy(string userName, string policyName) =>
        new(KmsErrorCodes.NotFound, $"The user policy with name {policyName} cannot be found for user {userName}.");

    public static KmsException NoSuchAccessKey(string accessKeyId) => new(KmsErrorCodes.NotFound, $"The Access Key with id {accessKeyId} cannot be found.");
}

using Keyhold.Core.Errors;

namespace Keyhold.Server.Authorization;

/// <summary>AccessDeniedException in AWS's words, naming the caller, the action, the resource and the reason.</summary>
internal static class AccessDenied
{
    public static KmsException NoResourcePolicy(string principalArn, string action, string resource) =>
        Create(principalArn, action, resource, $"because no resource-based policy allows the {action} action");

    public static KmsException NoIdentityPolicy(string principalArn, string action, string resource) =>
        Create(principalArn, action, resource, $"because no identity-based policy allows the {action} action");

    public static KmsException ExplicitDenyInResourcePolicy(string principalArn, string action, string resource) =>
        Create(principalArn, action, resource, "with an explicit deny in a resource-based policy");

    public static KmsException ExplicitDenyInIdentityPolicy(string principalArn, string action, string resource) =>
        Create(principalArn, action, resource, "with an explicit deny in an identity-based policy");

    /// <summary>For Keyhold's administrative operations that only an installation administrator may call.</summary>
    public static KmsException NotAdministrator(string principalArn, string action) =>
        new(KmsErrorCodes.AccessDeniedException, $"User: {principalArn} is not authorized to perform: {action} because only the root of the installation's first account may");

    /// <summary>For the account root's own access keys, which no user may manage.</summary>
    public static KmsException RootOnly(string principalArn, string action, string resource) =>
        Create(principalArn, action, resource, "because only the account root may manage its access keys");

    private static KmsException Create(string principalArn, string action, string resource, string reason) =>
        new(KmsErrorCodes.AccessDeniedException, $"User: {principalArn} is not authorized to perform: {action} on resource: {resource} {reason}");
}

using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Policies;

/// <summary>The only key policy name AWS allows is "default"; PolicyName is optional and defaults to it.</summary>
internal static class KeyPolicyName
{
    public static void Validate(string? policyName)
    {
        if (policyName is not null && policyName != DefaultKeyPolicy.PolicyName)
        {
            throw new KmsException(KmsErrorCodes.NotFound, $"No such policy exists: {policyName}. The only valid policy name is default.");
        }
    }
}

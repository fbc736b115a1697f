using System.Text;
using Keyhold.Core.Errors;
using Keyhold.Policy;

namespace Keyhold.Server.Keys;

/// <summary>
/// Validation of a key policy for CreateKey and PutKeyPolicy: AWS's 32 KB limit, then the policy language
/// (<see cref="PolicyDocument"/>); any problem is MalformedPolicyDocumentException saying what is wrong.
/// </summary>
internal static class KeyPolicyDocument
{
    /// <summary>AWS: "The maximum size of a key policy document is 32 KB (32768 bytes)."</summary>
    public const int MaxBytes = 32 * 1024;

    public static PolicyDocument Parse(string policy)
    {
        if (Encoding.UTF8.GetByteCount(policy) > MaxBytes)
        {
            throw Malformed($"The key policy is larger than the limit of {MaxBytes} bytes.");
        }

        try
        {
            return PolicyDocument.Parse(policy, PolicyKind.KeyPolicy);
        }
        catch (PolicyValidationException ex)
        {
            throw Malformed(ex.Message);
        }
    }

    private static KmsException Malformed(string message) => new(KmsErrorCodes.MalformedPolicyDocument, message);
}

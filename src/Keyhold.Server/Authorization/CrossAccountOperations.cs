namespace Keyhold.Server.Authorization;

/// <summary>
/// The operations that AWS lets a caller perform on a key of another account (named by its key ARN), per each
/// operation's "Cross-account use" in the service model. Every other operation treats such an ARN as not found.
/// </summary>
internal static class CrossAccountOperations
{
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
    {
        "CreateGrant", "Decrypt", "DeriveSharedSecret", "DescribeKey", "Encrypt", "GenerateDataKey", "GenerateDataKeyPair",
        "GenerateDataKeyPairWithoutPlaintext", "GenerateDataKeyWithoutPlaintext", "GenerateMac", "GetKeyRotationStatus",
        "GetPublicKey", "ListGrants", "ReEncrypt", "RetireGrant", "RevokeGrant", "Sign", "Verify", "VerifyMac",
    };

    public static bool Allows(string operation) => Allowed.Contains(operation);
}

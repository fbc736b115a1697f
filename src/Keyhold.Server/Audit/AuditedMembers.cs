namespace Keyhold.Server.Audit;

/// <summary>
/// Which request and response members an audit event may carry. Plaintext, ciphertext, key material, secrets and grant
/// tokens never enter the trail; everything else is recorded as CloudTrail records it (camelCase member names).
/// </summary>
internal static class AuditedMembers
{
    private static readonly HashSet<string> Secret = new(StringComparer.Ordinal)
    {
        "Plaintext", "CiphertextBlob", "CiphertextForRecipient", "PrivateKeyPlaintext", "PrivateKeyCiphertextBlob", "PublicKey",
        "SecretAccessKey", "GrantToken", "GrantTokens", "EncryptedKeyMaterial", "ImportToken", "Message", "Signature", "Mac",
        "SharedSecret", "Recipient", "CredentialsFile",
    };

    public static bool IsSecret(string member) => Secret.Contains(member);

    /// <summary>CloudTrail's readOnly: true for reads and for cryptographic operations, false for changes.</summary>
    public static bool IsReadOnly(string operation) =>
        operation.StartsWith("Describe", StringComparison.Ordinal)
        || operation.StartsWith("List", StringComparison.Ordinal)
        || operation.StartsWith("Get", StringComparison.Ordinal)
        || operation.StartsWith("Generate", StringComparison.Ordinal)
        || operation.StartsWith("Verify", StringComparison.Ordinal)
        || operation is "Encrypt" or "Decrypt" or "ReEncrypt" or "Sign" or "DeriveSharedSecret";
}

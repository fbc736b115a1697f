namespace Keyhold.CompatibilityTests.Infrastructure;

/// <summary>The rows of the matrix, in order. Each names what the tests do, not only the API call.</summary>
internal static class OperationNames
{
    public const string CreateKey = "CreateKey (ARN-shaped key id)";
    public const string CreateAlias = "CreateAlias, DescribeKey by alias";
    public const string EncryptDecrypt = "Encrypt / Decrypt with encryption context";
    public const string GenerateDataKey = "GenerateDataKey (AES_256), Decrypt of the data key";
    public const string EnableKeyRotation = "EnableKeyRotation, GetKeyRotationStatus";
    public const string RotateKeyOnDemand = "RotateKeyOnDemand, ListKeyRotations, older ciphertext decrypts";
    public const string ListKeysPagination = "ListKeys across pages";
    public const string NotFound = "Error: NotFoundException";
    public const string Disabled = "Error: DisabledException";
    public const string InvalidCiphertext = "Error: InvalidCiphertextException (wrong encryption context)";
    public const string Validation = "Error: ValidationException (plaintext over 4096 bytes)";
    public const string AccessDenied = "Error: AccessDeniedException (user without policy)";
    public const string CliErrorMessage = "Error message as the CLI prints it, exit code";
    public const string EsdkFile = "Encryption SDK: 4 MiB file, KMS keyring, encryption context";
    public const string EsdkMultiKeyring = "Encryption SDK: multi-keyring over two keys, each decrypts";
    public const string EsdkAfterRotation = "Encryption SDK: decrypt after RotateKeyOnDemand";

    public static readonly IReadOnlyList<string> All =
    [
        CreateKey, CreateAlias, EncryptDecrypt, GenerateDataKey, EnableKeyRotation, RotateKeyOnDemand, ListKeysPagination,
        NotFound, Disabled, InvalidCiphertext, Validation, AccessDenied, CliErrorMessage,
        EsdkFile, EsdkMultiKeyring, EsdkAfterRotation,
    ];
}

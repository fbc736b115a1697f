namespace Keyhold.Core.Errors;

/// <summary>
/// Factory methods for the errors whose wording AWS fixes (see shared/reference/aws-recorded/errors.tsv).
/// Keeping the text here keeps every handler's message identical to AWS's.
/// </summary>
public static class KmsErrors
{
    public static KmsException Validation(string message) => new(KmsErrorCodes.ValidationException, message);

    public static KmsException KeyNotFound(string keyArn) => new(KmsErrorCodes.NotFound, $"Key '{keyArn}' does not exist");

    public static KmsException InvalidKeyId(string keyId) => new(KmsErrorCodes.NotFound, $"Invalid keyId '{keyId}'");

    public static KmsException InvalidArnRegion(string region) => new(KmsErrorCodes.NotFound, $"Invalid arn {region}");

    public static KmsException AliasNotFound(string aliasArn) => new(KmsErrorCodes.NotFound, $"Alias {aliasArn} is not found.");

    public static KmsException Disabled(string keyArn) => new(KmsErrorCodes.Disabled, $"{keyArn} is disabled.");

    public static KmsException PendingDeletion(string keyArn) => new(KmsErrorCodes.KmsInvalidState, $"{keyArn} is pending deletion.");

    public static KmsException InvalidState(string message) => new(KmsErrorCodes.KmsInvalidState, message);

    public static KmsException InvalidKeyUsage(string keyArn, string keyUsage, string operation) =>
        new(KmsErrorCodes.InvalidKeyUsage, $"{keyArn} key usage is {keyUsage} which is not valid for {operation}.");

    public static KmsException IncorrectKey() =>
        new(KmsErrorCodes.IncorrectKey, "The key ID in the request does not identify a CMK that can perform this operation.");

    /// <summary>AWS sends InvalidCiphertextException with no message; any parse or authentication failure maps here.</summary>
    public static KmsException InvalidCiphertext() => new(KmsErrorCodes.InvalidCiphertext, message: null);

    public static KmsException DryRun() =>
        new(KmsErrorCodes.DryRunOperation, "The request would have succeeded, but the DryRun option is set.");

    public static KmsException InvalidMarker() => new(KmsErrorCodes.InvalidMarker, "Invalid marker value.");

    public static KmsException Internal(string message) => new(KmsErrorCodes.KmsInternal, message, 500);
}

namespace Keyhold.Core.Errors;

/// <summary>
/// The error <c>__type</c> names AWS KMS returns, in one place (as npgsql's PostgresErrorCodes).
/// Names come from the service model's error shapes, plus the protocol-level errors every AWS JSON service sends.
/// </summary>
public static class KmsErrorCodes
{
    // Protocol and authentication (not in the KMS model; sent by the AWS front end).
    public const string ValidationException = "ValidationException";
    public const string SerializationException = "SerializationException";
    public const string UnknownOperationException = "UnknownOperationException";
    public const string UnrecognizedClientException = "UnrecognizedClientException";
    public const string InvalidSignatureException = "InvalidSignatureException";
    public const string IncompleteSignatureException = "IncompleteSignatureException";
    public const string MissingAuthenticationToken = "MissingAuthenticationTokenException";
    public const string AccessDeniedException = "AccessDeniedException";
    public const string RequestEntityTooLarge = "RequestEntityTooLargeException";
    public const string ThrottlingException = "ThrottlingException";

    /// <summary>The request body arrived too slowly (HTTP 408). Keyhold's name: no KMS error shape covers it.</summary>
    public const string RequestTimeout = "RequestTimeoutException";

    // KMS model errors.
    public const string AlreadyExists = "AlreadyExistsException";
    public const string Disabled = "DisabledException";
    public const string DryRunOperation = "DryRunOperationException";
    public const string IncorrectKey = "IncorrectKeyException";
    public const string InvalidAliasName = "InvalidAliasNameException";
    public const string InvalidArn = "InvalidArnException";
    public const string InvalidCiphertext = "InvalidCiphertextException";
    public const string InvalidGrantId = "InvalidGrantIdException";
    public const string InvalidGrantToken = "InvalidGrantTokenException";
    public const string InvalidKeyUsage = "InvalidKeyUsageException";
    public const string InvalidMarker = "InvalidMarkerException";
    public const string KeyUnavailable = "KeyUnavailableException";
    public const string KmsInternal = "KMSInternalException";
    public const string KmsInvalidState = "KMSInvalidStateException";
    public const string KmsInvalidSignature = "KMSInvalidSignatureException";
    public const string KmsInvalidMac = "KMSInvalidMacException";
    public const string LimitExceeded = "LimitExceededException";
    public const string MalformedPolicyDocument = "MalformedPolicyDocumentException";
    public const string NotFound = "NotFoundException";
    public const string Tag = "TagException";
    public const string UnsupportedOperation = "UnsupportedOperationException";
    public const string DependencyTimeout = "DependencyTimeoutException";
}

using Keyhold.Core.Errors;

namespace Keyhold.Server.Sts;

/// <summary>
/// How an authentication failure reads in STS's Query API: the same checks as on the KMS path, under STS's error
/// codes and HTTP statuses (an unknown or inactive access key is <c>InvalidClientTokenId</c>, 403).
/// </summary>
internal static class StsErrors
{
    public static (string Type, string Code, int Status) Map(string kmsCode) => kmsCode switch
    {
        KmsErrorCodes.UnrecognizedClientException => ("Sender", "InvalidClientTokenId", 403),
        KmsErrorCodes.InvalidSignatureException => ("Sender", "SignatureDoesNotMatch", 403),
        KmsErrorCodes.MissingAuthenticationToken => ("Sender", "MissingAuthenticationToken", 403),
        KmsErrorCodes.IncompleteSignatureException => ("Sender", "IncompleteSignature", 400),
        KmsErrorCodes.KmsInternal => ("Receiver", "InternalFailure", 500),
        _ => ("Sender", kmsCode, 400),
    };

    public static KmsException InvalidAction(string? action) =>
        new("InvalidAction", $"Could not find operation {action} for version {StsEndpoint.Version}");

    public static KmsException InvalidClientTokenId() =>
        new(KmsErrorCodes.UnrecognizedClientException, "The security token included in the request is invalid.");
}

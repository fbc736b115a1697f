namespace Keyhold.Server.Wire;

// Operations on asymmetric and HMAC keys: signing, public keys, MACs, key agreement and data key pairs.

internal sealed record SignRequest(string? KeyId, byte[]? Message, string? MessageType, List<string>? GrantTokens, string? SigningAlgorithm, bool? DryRun);

internal sealed record SignResponse(string KeyId, byte[] Signature, string SigningAlgorithm);

internal sealed record VerifyRequest(
    string? KeyId, byte[]? Message, string? MessageType, byte[]? Signature, string? SigningAlgorithm, List<string>? GrantTokens, bool? DryRun);

internal sealed record VerifyResponse(string KeyId, bool SignatureValid, string SigningAlgorithm);

internal sealed record GetPublicKeyRequest(string? KeyId, List<string>? GrantTokens);

internal sealed record GetPublicKeyResponse(
    string KeyId,
    byte[] PublicKey,
    string CustomerMasterKeySpec,
    string KeySpec,
    string KeyUsage,
    List<string>? EncryptionAlgorithms,
    List<string>? SigningAlgorithms,
    List<string>? KeyAgreementAlgorithms);

internal sealed record GenerateMacRequest(byte[]? Message, string? KeyId, string? MacAlgorithm, List<string>? GrantTokens, bool? DryRun);

internal sealed record GenerateMacResponse(byte[] Mac, string MacAlgorithm, string KeyId);

internal sealed record VerifyMacRequest(byte[]? Message, string? KeyId, string? MacAlgorithm, byte[]? Mac, List<string>? GrantTokens, bool? DryRun);

internal sealed record VerifyMacResponse(string KeyId, bool MacValid, string MacAlgorithm);

internal sealed record DeriveSharedSecretRequest(
    string? KeyId, string? KeyAgreementAlgorithm, byte[]? PublicKey, List<string>? GrantTokens, bool? DryRun, RecipientInfo? Recipient);

internal sealed record DeriveSharedSecretResponse(string KeyId, byte[] SharedSecret, string KeyAgreementAlgorithm, string KeyOrigin);

internal sealed record GenerateDataKeyPairRequest(
    Dictionary<string, string>? EncryptionContext, string? KeyId, string? KeyPairSpec, List<string>? GrantTokens, RecipientInfo? Recipient, bool? DryRun);

internal sealed record GenerateDataKeyPairResponse(
    byte[] PrivateKeyCiphertextBlob, byte[]? PrivateKeyPlaintext, byte[] PublicKey, string KeyId, string KeyPairSpec, string? KeyMaterialId);

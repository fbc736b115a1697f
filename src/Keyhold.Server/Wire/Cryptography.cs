namespace Keyhold.Server.Wire;

// Symmetric cryptographic operations. Blobs travel as base64 (System.Text.Json does it for byte[]).

internal sealed record EncryptRequest(
    string? KeyId,
    byte[]? Plaintext,
    Dictionary<string, string>? EncryptionContext,
    List<string>? GrantTokens,
    string? EncryptionAlgorithm,
    bool? DryRun);

internal sealed record EncryptResponse(byte[] CiphertextBlob, string KeyId, string EncryptionAlgorithm);

internal sealed record DecryptRequest(
    byte[]? CiphertextBlob,
    Dictionary<string, string>? EncryptionContext,
    List<string>? GrantTokens,
    string? KeyId,
    string? EncryptionAlgorithm,
    RecipientInfo? Recipient,
    bool? DryRun);

internal sealed record DecryptResponse(string KeyId, byte[] Plaintext, string EncryptionAlgorithm, string? KeyMaterialId);

internal sealed record ReEncryptRequest(
    byte[]? CiphertextBlob,
    Dictionary<string, string>? SourceEncryptionContext,
    string? SourceKeyId,
    string? DestinationKeyId,
    Dictionary<string, string>? DestinationEncryptionContext,
    string? SourceEncryptionAlgorithm,
    string? DestinationEncryptionAlgorithm,
    List<string>? GrantTokens,
    bool? DryRun);

internal sealed record ReEncryptResponse(
    byte[] CiphertextBlob,
    string SourceKeyId,
    string KeyId,
    string SourceEncryptionAlgorithm,
    string DestinationEncryptionAlgorithm,
    string? SourceKeyMaterialId,
    string? DestinationKeyMaterialId);

internal sealed record GenerateDataKeyRequest(
    string? KeyId,
    Dictionary<string, string>? EncryptionContext,
    int? NumberOfBytes,
    string? KeySpec,
    List<string>? GrantTokens,
    RecipientInfo? Recipient,
    bool? DryRun);

internal sealed record GenerateDataKeyResponse(byte[] CiphertextBlob, byte[]? Plaintext, string KeyId, string? KeyMaterialId);

internal sealed record GenerateRandomRequest(int? NumberOfBytes, string? CustomKeyStoreId, RecipientInfo? Recipient);

internal sealed record GenerateRandomResponse(byte[] Plaintext);

internal sealed record RecipientInfo(string? KeyEncryptionAlgorithm, byte[]? AttestationDocument);

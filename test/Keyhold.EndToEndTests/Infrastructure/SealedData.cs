namespace Keyhold.EndToEndTests.Infrastructure;

/// <summary>A ciphertext (from Encrypt, or GenerateDataKey's CiphertextBlob) and what it must decrypt to.</summary>
public sealed record SealedData(string KeyId, byte[] Ciphertext, byte[] Plaintext, Dictionary<string, string>? EncryptionContext);

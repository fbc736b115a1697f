namespace Keyhold.Crypto.Envelope;

/// <summary>What a ciphertext blob says about itself: which key and which version of its material sealed it.</summary>
public readonly record struct CiphertextHeader(Guid KeyId, int MaterialVersion);

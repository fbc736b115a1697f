namespace Keyhold.Core.Protection;

/// <summary>A domain key: the AES-256 key that seals key material and secrets, itself wrapped by the root-key provider.</summary>
public sealed record DomainKeyRecord(int Id, byte[] WrappedKey, string RootKeyFingerprint, DateTimeOffset CreatedAt);

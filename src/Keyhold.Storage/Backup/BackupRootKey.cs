namespace Keyhold.Storage.Backup;

/// <summary>
/// A root key file's contents and its fingerprint, worked out by the caller (the key hierarchy lives in
/// Keyhold.Crypto; this assembly only carries the bytes and compares fingerprints).
/// </summary>
public sealed record BackupRootKey(byte[] Contents, string Fingerprint);

namespace Keyhold.Core.Usage;

/// <summary>Successful decrypts under one key-material version.</summary>
public sealed record MaterialUsage(int Version, long DecryptCount, DateTimeOffset? LastDecryptAt);

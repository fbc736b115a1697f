namespace Keyhold.Core.Audit;

/// <summary>
/// Computes an audit event's chain hash. The server's implementation is an HMAC under a key derived from the domain key,
/// so someone who can write the database but does not hold the root key cannot forge a consistent chain.
/// </summary>
public interface IAuditChainHasher
{
    /// <summary>32 bytes over (<paramref name="previousHash"/>, <paramref name="sequence"/>, the UTF-8 of <paramref name="json"/>).</summary>
    byte[] ComputeHash(ReadOnlySpan<byte> previousHash, long sequence, string json);
}

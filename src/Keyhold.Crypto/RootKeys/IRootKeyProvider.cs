namespace Keyhold.Crypto.RootKeys;

/// <summary>
/// The root of trust: wraps and unwraps domain keys. The default is a key file; an HSM over PKCS#11 comes later.
/// A provider never exposes its key, only these operations.
/// </summary>
public interface IRootKeyProvider
{
    /// <summary>Short, non-secret identifier of the root key, stored beside each wrapped domain key to detect a wrong root key.</summary>
    string Fingerprint { get; }

    /// <summary>A human-readable description for messages (e.g. the key file path).</summary>
    string Description { get; }

    byte[] Wrap(ReadOnlySpan<byte> domainKey, ReadOnlySpan<byte> associatedData);

    /// <summary>Unwraps; throws <see cref="RootKeyMismatchException"/> if the blob was not wrapped by this root key.</summary>
    byte[] Unwrap(ReadOnlySpan<byte> wrapped, ReadOnlySpan<byte> associatedData);
}

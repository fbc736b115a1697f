namespace Keyhold.Crypto.Asymmetric;

/// <summary>
/// One key family's private key behind <see cref="AsymmetricKey"/>. <see cref="AsymmetricKey"/> has already checked
/// that the algorithm belongs to the key spec and that the message type and length fit the algorithm, so an
/// implementation only does the cryptography. Implementations must be safe for concurrent use.
/// </summary>
internal abstract class KeyPair : IDisposable
{
    /// <summary>DER SubjectPublicKeyInfo.</summary>
    public abstract byte[] PublicKeyDer { get; }

    public abstract byte[] Sign(SigningAlgorithm algorithm, MessageKind kind, ReadOnlySpan<byte> message);

    /// <summary>False for a wrong or malformed signature; never throws for one.</summary>
    public abstract bool Verify(SigningAlgorithm algorithm, MessageKind kind, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature);

    public virtual byte[] Encrypt(string algorithm, ReadOnlySpan<byte> plaintext) => throw new NotSupportedException(algorithm);

    /// <summary>Null for any failure, so a caller cannot tell a bad padding from a bad tag.</summary>
    public virtual byte[]? Decrypt(string algorithm, ReadOnlySpan<byte> ciphertext) => null;

    public virtual byte[] DeriveSharedSecret(ReadOnlySpan<byte> peerPublicKeyDer) => throw new NotSupportedException();

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}

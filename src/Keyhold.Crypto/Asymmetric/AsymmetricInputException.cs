namespace Keyhold.Crypto.Asymmetric;

/// <summary>
/// Input that is the caller's fault (wrong digest length, a message type or algorithm the key cannot use, a bad peer
/// public key, plaintext too long). The message is in AWS's words and safe to show inside a ValidationException.
/// </summary>
public sealed class AsymmetricInputException : Exception
{
    public AsymmetricInputException()
    {
    }

    public AsymmetricInputException(string message)
        : base(message)
    {
    }

    public AsymmetricInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// True when the algorithm is not one the key spec supports; AWS reports that case as InvalidKeyUsageException
    /// ("Algorithm X is incompatible with key spec Y."), so the server may map it there instead of ValidationException.
    /// </summary>
    public bool IsIncompatibleAlgorithm { get; init; }

    internal static AsymmetricInputException Incompatible(string algorithm, string keySpec) =>
        new($"Algorithm {algorithm} is incompatible with key spec {keySpec}.") { IsIncompatibleAlgorithm = true };
}

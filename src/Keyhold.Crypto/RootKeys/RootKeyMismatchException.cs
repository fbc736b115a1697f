namespace Keyhold.Crypto.RootKeys;

/// <summary>The root key cannot open data sealed earlier: wrong, replaced or corrupted root key. Fatal at start.</summary>
public sealed class RootKeyMismatchException : Exception
{
    public RootKeyMismatchException()
    {
    }

    public RootKeyMismatchException(string message)
        : base(message)
    {
    }

    public RootKeyMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

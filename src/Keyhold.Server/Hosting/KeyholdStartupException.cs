namespace Keyhold.Server.Hosting;

/// <summary>The server cannot start safely (wrong root key, bad options); the message says why and what to do.</summary>
public sealed class KeyholdStartupException : Exception
{
    public KeyholdStartupException()
    {
    }

    public KeyholdStartupException(string message)
        : base(message)
    {
    }

    public KeyholdStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

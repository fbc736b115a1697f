namespace Keyhold.Core.Storage;

/// <summary>The store could not complete a write or read (disk full, I/O error, database down). Maps to KMSInternalException / DependencyTimeout.</summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException()
    {
    }

    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace Keyhold.Storage.Migration;

/// <summary>
/// <c>keyhold migrate</c> refused or failed for a reason the operator can act on (wrong schema version, a target that
/// already holds data, a schema mismatch, a failed verification). The message is one or two sentences, says whether
/// anything was written, and never carries a connection string.
/// </summary>
public sealed class StoreMigrationException : Exception
{
    public StoreMigrationException()
    {
    }

    public StoreMigrationException(string message)
        : base(message)
    {
    }

    public StoreMigrationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace Keyhold.Core.Storage;

/// <summary>
/// A write lost a race: a unique name already exists or a compare-and-swap saw a newer row version.
/// Handlers turn it into the AWS error that fits (AlreadyExistsException, or a retry).
/// </summary>
public sealed class StoreConflictException : Exception
{
    public StoreConflictException()
    {
    }

    public StoreConflictException(string message)
        : base(message)
    {
    }

    public StoreConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

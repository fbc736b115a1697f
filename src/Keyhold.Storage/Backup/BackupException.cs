namespace Keyhold.Storage.Backup;

/// <summary>
/// <c>keyhold backup</c> or <c>keyhold restore</c> refused or failed for a reason the operator can act on (not a
/// Keyhold directory, a damaged archive, a wrong root key, a directory that is not empty). The message says what was
/// written, if anything.
/// </summary>
public sealed class BackupException : Exception
{
    public BackupException()
    {
    }

    public BackupException(string message)
        : base(message)
    {
    }

    public BackupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

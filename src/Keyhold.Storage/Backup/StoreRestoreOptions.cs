namespace Keyhold.Storage.Backup;

/// <summary>What <see cref="StoreBackup.Restore"/> restores, where to, and with which root key.</summary>
public sealed class StoreRestoreOptions
{
    /// <summary>The archive <c>keyhold backup</c> wrote.</summary>
    public string InputPath { get; set; } = string.Empty;

    /// <summary>The data directory to restore into: it must not exist or be empty.</summary>
    public string DataDirectory { get; set; } = string.Empty;

    /// <summary>The operator's root key (<c>--root-key FILE</c>); required when the archive does not include one.</summary>
    public BackupRootKey? RootKey { get; set; }

    /// <summary>
    /// Works out the fingerprint of a root key file's contents (the one in the archive); throws
    /// <see cref="BackupException"/> if they are not a root key.
    /// </summary>
    public Func<byte[], string> FingerprintOf { get; set; } = _ => throw new InvalidOperationException("No root key reader was given.");
}

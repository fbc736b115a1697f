namespace Keyhold.Storage.Backup;

/// <summary>What <see cref="StoreBackup.Create"/> backs up, and where to.</summary>
public sealed class StoreBackupOptions
{
    /// <summary>The data directory of a SQLite installation (holding <c>keyhold.db</c>). Only read.</summary>
    public string DataDirectory { get; set; } = string.Empty;

    /// <summary>The archive to write; it must not exist yet.</summary>
    public string OutputPath { get; set; } = string.Empty;

    /// <summary>Recorded in the manifest.</summary>
    public string KeyholdVersion { get; set; } = "unknown";

    /// <summary>The root key to put into the archive (<c>--include-root-key</c>); null (the default) leaves it out.</summary>
    public BackupRootKey? IncludedRootKey { get; set; }

    /// <summary>How long the snapshot may wait for the server's lock (a checkpoint or a schema migration in progress).</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(15);
}

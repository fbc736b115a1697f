using System.Text.Json;
using System.Text.Json.Serialization;

namespace Keyhold.Storage.Backup;

/// <summary>
/// What a backup archive holds and how to check it (<c>manifest.json</c>, docs/operations/backup.md): the Keyhold that
/// wrote it, the schema version, the row count of every table in the snapshot, the database file's size and SHA-256, and
/// the fingerprint of the root key that opens it. Never the root key itself: that is the separate <c>root.key</c> entry,
/// present only when <see cref="IncludesRootKey"/>.
/// </summary>
public sealed record BackupManifest
{
    /// <summary>The value of <see cref="Format"/> this build writes and reads.</summary>
    public const string CurrentFormat = "keyhold-backup/1";

    public required string Format { get; init; }

    /// <summary>The informational version of the keyhold that took the backup.</summary>
    public required string KeyholdVersion { get; init; }

    public required int SchemaVersion { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>16 hex digits identifying the root key (docs/designs/key-hierarchy.md); null if the database has no domain key yet.</summary>
    public required string? RootKeyFingerprint { get; init; }

    public required bool IncludesRootKey { get; init; }

    public required BackupDatabaseFile Database { get; init; }

    /// <summary>Every table but <c>schema_version</c>, in foreign-key order, with its row count in the snapshot.</summary>
    public required IReadOnlyList<BackupTable> Tables { get; init; }

    [JsonIgnore]
    public long TotalRows => Tables.Sum(t => t.Rows);

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, BackupManifestJsonContext.Readable.BackupManifest);

    /// <summary>Reads a manifest; a malformed one, or one of another format, is <see cref="BackupException"/>.</summary>
    public static BackupManifest Parse(ReadOnlySpan<byte> json)
    {
        BackupManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(json, BackupManifestJsonContext.Readable.BackupManifest);
        }
        catch (JsonException ex)
        {
            throw new BackupException($"The backup's manifest is not valid: {ex.Message}", ex);
        }

        if (manifest is null)
        {
            throw new BackupException("The backup's manifest is empty.");
        }

        if (!string.Equals(manifest.Format, CurrentFormat, StringComparison.Ordinal))
        {
            throw new BackupException($"The backup has format '{manifest.Format}'; this Keyhold reads '{CurrentFormat}' only.");
        }

        if (manifest.Tables is null || manifest.Database is null || manifest.Tables.Any(t => t is null || string.IsNullOrEmpty(t.Name) || t.Rows < 0))
        {
            throw new BackupException("The backup's manifest lacks its table list or database entry.");
        }

        return manifest;
    }
}

/// <summary>One table of the snapshot and its row count.</summary>
public sealed record BackupTable(string Name, long Rows);

/// <summary>The database file in the archive: its size in bytes and its SHA-256 (lowercase hex).</summary>
public sealed record BackupDatabaseFile(long Bytes, string Sha256);

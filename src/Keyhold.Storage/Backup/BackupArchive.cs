using System.Formats.Tar;

namespace Keyhold.Storage.Backup;

/// <summary>
/// The backup file: a POSIX tar archive (PAX headers) of <c>manifest.json</c>, <c>keyhold.db</c> (a plain SQLite file)
/// and, only when asked for, <c>root.key</c>. Tar because it is one file to move, encrypt or store offline, and an
/// operator can list it (<c>tar -tvf</c>) and unpack it by hand without Keyhold; it is not compressed so that a
/// damaged byte stays a damaged byte. The file and every entry are owner-only (0600).
/// </summary>
internal static class BackupArchive
{
    public const string ManifestEntry = "manifest.json";
    public const string DatabaseEntry = "keyhold.db";
    public const string RootKeyEntry = "root.key";

    private const int MaxManifestBytes = 1 << 20;
    private const int MaxRootKeyBytes = 4096;
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Writes a new archive at <paramref name="path"/> (which must not exist) and flushes it to disk.</summary>
    public static void Write(string path, byte[] manifest, string databasePath, byte[]? rootKey, DateTimeOffset createdAt)
    {
        using var file = CreateOwnerOnly(path);
        using (var tar = new TarWriter(file, TarEntryFormat.Pax, leaveOpen: true))
        {
            // The manifest first, so that a reader knows what to expect before it reads the database.
            WriteEntry(tar, ManifestEntry, new MemoryStream(manifest, writable: false), createdAt);
            using (var database = new FileStream(databasePath, FileMode.Open, FileAccess.Read, FileShare.Read))
            {
                WriteEntry(tar, DatabaseEntry, database, createdAt);
            }

            if (rootKey is not null)
            {
                WriteEntry(tar, RootKeyEntry, new MemoryStream(rootKey, writable: false), createdAt);
            }
        }

        file.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Reads the archive at <paramref name="path"/>: the manifest and the root key (if present) into memory, the
    /// database into <paramref name="databasePath"/> (created 0600). Anything else in the archive, a duplicate or a
    /// missing entry, or a file that is not a tar archive, is <see cref="BackupException"/>.
    /// </summary>
    public static (byte[] Manifest, byte[]? RootKey) Extract(string path, string databasePath)
    {
        byte[]? manifest = null;
        byte[]? rootKey = null;
        var hasDatabase = false;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            using var tar = new TarReader(file);
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null)
                {
                    throw Damaged($"it holds an entry '{entry.Name}' that is not a regular file");
                }

                switch (entry.Name)
                {
                    case ManifestEntry when manifest is null:
                        manifest = ReadSmall(entry.DataStream, MaxManifestBytes, entry.Name);
                        break;
                    case RootKeyEntry when rootKey is null:
                        rootKey = ReadSmall(entry.DataStream, MaxRootKeyBytes, entry.Name);
                        break;
                    case DatabaseEntry when !hasDatabase:
                        using (var database = CreateOwnerOnly(databasePath))
                        {
                            entry.DataStream.CopyTo(database);
                            database.Flush(flushToDisk: true);
                        }

                        hasDatabase = true;
                        break;
                    default:
                        throw Damaged($"it holds an unexpected or repeated entry '{entry.Name}'");
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or FormatException or ArgumentException)
        {
            throw Damaged($"it is not a complete tar archive ({ex.Message})", ex);
        }

        if (manifest is null || !hasDatabase)
        {
            throw Damaged($"it lacks {(manifest is null ? ManifestEntry : DatabaseEntry)} (a truncated file, or not a Keyhold backup)");
        }

        return (manifest, rootKey);
    }

    private static FileStream CreateOwnerOnly(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        return new FileStream(path, options);
    }

    private static void WriteEntry(TarWriter tar, string name, Stream data, DateTimeOffset modified)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            DataStream = data,
            Mode = OwnerOnly,
            ModificationTime = modified,
        };
        tar.WriteEntry(entry);
    }

    private static byte[] ReadSmall(Stream stream, int limit, string name)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                throw Damaged($"its {name} is larger than {limit} bytes");
            }
        }

        return buffer.ToArray();
    }

    private static BackupException Damaged(string reason, Exception? inner = null) =>
        new($"The backup file is damaged or not a Keyhold backup: {reason}.", inner!);
}

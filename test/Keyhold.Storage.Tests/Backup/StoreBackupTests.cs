using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using Keyhold.Core.Accounts;
using Keyhold.Core.Protection;
using Keyhold.Storage.Backup;
using Keyhold.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Keyhold.Storage.Tests.Backup;

/// <summary>
/// <see cref="StoreBackup"/> on a SQLite store filled through its own API: the archive's entries and modes, a restore
/// that reproduces every row, and every refusal leaving the target untouched. Root keys here are opaque bytes with a
/// stand-in fingerprint; the real key format is covered by the CLI and end-to-end tests.
/// </summary>
public sealed class StoreBackupTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly DateTimeOffset T0 = new(2025, 3, 14, 15, 9, 26, TimeSpan.Zero);
    private static readonly byte[] RootKey = Encoding.ASCII.GetBytes("the installation's root key\n");
    private static readonly byte[] OtherRootKey = Encoding.ASCII.GetBytes("some other root key\n");

    private readonly string _directory = Directory.CreateTempSubdirectory("keyhold-backup-").FullName;

    private string DataDirectory => Path.Combine(_directory, "data");

    private string ArchivePath => Path.Combine(_directory, "backup.tar");

    private string RestoreDirectory => Path.Combine(_directory, "restored");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Create_PopulatedStore_WritesOwnerOnlyTarOfManifestAndDatabase()
    {
        await SeedAsync(DataDirectory, keys: 3);

        var manifest = Backup();

        Assert.Equal(OwnerOnly, ModeOf(ArchivePath));
        Assert.Equal(SqliteMigrations.Latest, manifest.SchemaVersion);
        Assert.Equal(Fingerprint(RootKey), manifest.RootKeyFingerprint);
        Assert.False(manifest.IncludesRootKey);
        Assert.Equal(1, Rows(manifest, "domain_keys"));
        Assert.Equal(1, Rows(manifest, "accounts"));
        Assert.Equal(3, Rows(manifest, "access_keys"));
        Assert.Equal(["manifest.json", "keyhold.db"], Entries(ArchivePath).Select(e => e.Name));
        Assert.All(Entries(ArchivePath), e => Assert.Equal(OwnerOnly, e.Mode));
        Assert.Equal(manifest, BackupManifest.Parse(Entries(ArchivePath)[0].Data) with { Tables = manifest.Tables });
        Assert.Empty(Directory.GetDirectories(_directory, ".keyhold-backup-*"));
    }

    [Fact]
    public async Task Create_IncludeRootKey_AddsRootKeyEntry()
    {
        await SeedAsync(DataDirectory, keys: 1);

        var manifest = Backup(new BackupRootKey(RootKey, Fingerprint(RootKey)));

        Assert.True(manifest.IncludesRootKey);
        var entry = Assert.Single(Entries(ArchivePath), e => e.Name == "root.key");
        Assert.Equal(RootKey, entry.Data);
    }

    [Fact]
    public async Task Create_IncludeRootKeyThatDoesNotOpenTheData_ThrowsAndWritesNothing()
    {
        await SeedAsync(DataDirectory, keys: 1);

        var ex = Assert.Throws<BackupException>(() => Backup(new BackupRootKey(OtherRootKey, Fingerprint(OtherRootKey))));

        Assert.Contains(Fingerprint(RootKey), ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(ArchivePath));
        Assert.Single(Directory.GetFileSystemEntries(_directory));
    }

    [Fact]
    public void Create_MissingDirectory_ThrowsAndWritesNothing()
    {
        var ex = Assert.Throws<BackupException>(() => Backup());

        Assert.Contains("no data directory", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(ArchivePath));
    }

    [Fact]
    public void Create_DirectoryWithoutDatabase_ThrowsPointingToPgDump()
    {
        Directory.CreateDirectory(DataDirectory);
        File.WriteAllText(Path.Combine(DataDirectory, "notes.txt"), "not keyhold");

        var ex = Assert.Throws<BackupException>(() => Backup());

        Assert.Contains("pg_dump", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(ArchivePath));
    }

    [Fact]
    public void Create_SqliteFileWithoutKeyholdSchema_ThrowsAndWritesNothing()
    {
        Directory.CreateDirectory(DataDirectory);
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(DataDirectory, "keyhold.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE something (x INTEGER)";
            command.ExecuteNonQuery();
        }

        var ex = Assert.Throws<BackupException>(() => Backup());

        Assert.Contains("not a Keyhold database", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(ArchivePath));
    }

    [Fact]
    public async Task Create_OutputExists_ThrowsAndLeavesItAlone()
    {
        await SeedAsync(DataDirectory, keys: 1);
        File.WriteAllText(ArchivePath, "precious");

        Assert.Throws<BackupException>(() => Backup());

        Assert.Equal("precious", File.ReadAllText(ArchivePath));
    }

    [Fact]
    public async Task Restore_IntoNewDirectory_ReproducesEveryRowWithOwnerOnlyFiles()
    {
        await SeedAsync(DataDirectory, keys: 5);
        var manifest = Backup();

        var restored = Restore(RestoreDirectory, new BackupRootKey(RootKey, Fingerprint(RootKey)));

        Assert.Equal(manifest.Database, restored.Database);
        Assert.Equal(["keyhold.db", "root.key"], Directory.GetFiles(RestoreDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(RootKey, File.ReadAllBytes(Path.Combine(RestoreDirectory, "root.key")));
        Assert.Equal(OwnerOnly, ModeOf(Path.Combine(RestoreDirectory, "root.key")));
        Assert.Equal(OwnerOnly, ModeOf(Path.Combine(RestoreDirectory, "keyhold.db")));
        await using var store = new SqliteKeyholdStore(new SqliteStoreOptions { DatabasePath = Path.Combine(RestoreDirectory, "keyhold.db") });
        await store.MigrateAsync(CancellationToken.None).WithTimeout();
        var domainKey = Assert.Single(await store.GetDomainKeysAsync(CancellationToken.None).WithTimeout());
        Assert.Equal(Fingerprint(RootKey), domainKey.RootKeyFingerprint);
        Assert.Equal(["111122223333"], await store.GetAccountIdsAsync(CancellationToken.None).WithTimeout());
        Assert.Empty(Directory.GetDirectories(_directory, ".keyhold-restore-*"));
    }

    [Fact]
    public async Task Restore_IntoEmptyExistingDirectory_UsesTheArchivedRootKey()
    {
        await SeedAsync(DataDirectory, keys: 1);
        Backup(new BackupRootKey(RootKey, Fingerprint(RootKey)));
        Directory.CreateDirectory(RestoreDirectory);

        Restore(RestoreDirectory, rootKey: null);

        Assert.Equal(RootKey, File.ReadAllBytes(Path.Combine(RestoreDirectory, "root.key")));
        Assert.Equal(OwnerOnly, ModeOf(Path.Combine(RestoreDirectory, "root.key")));
    }

    [Fact]
    public async Task Restore_NonEmptyDirectory_ThrowsAndTouchesNothing()
    {
        await SeedAsync(DataDirectory, keys: 1);
        Backup();
        Directory.CreateDirectory(RestoreDirectory);
        var existing = Path.Combine(RestoreDirectory, "keyhold.db");
        File.WriteAllText(existing, "an installation");

        var ex = Assert.Throws<BackupException>(() => Restore(RestoreDirectory, new BackupRootKey(RootKey, Fingerprint(RootKey))));

        Assert.Contains("not empty", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["keyhold.db"], Directory.GetFileSystemEntries(RestoreDirectory).Select(Path.GetFileName));
        Assert.Equal("an installation", File.ReadAllText(existing));
        Assert.Empty(Directory.GetDirectories(_directory, ".keyhold-restore-*"));
    }

    [Fact]
    public async Task Restore_WrongRootKey_ThrowsNamingBothFingerprintsAndWritesNothing()
    {
        await SeedAsync(DataDirectory, keys: 1);
        Backup();

        var ex = Assert.Throws<BackupException>(() => Restore(RestoreDirectory, new BackupRootKey(OtherRootKey, Fingerprint(OtherRootKey))));

        Assert.Contains(Fingerprint(OtherRootKey), ex.Message, StringComparison.Ordinal);
        Assert.Contains(Fingerprint(RootKey), ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(RestoreDirectory));
        Assert.Empty(Directory.GetDirectories(_directory, ".keyhold-restore-*"));
    }

    [Fact]
    public async Task Restore_NoRootKeyAnywhere_ThrowsAskingForRootKey()
    {
        await SeedAsync(DataDirectory, keys: 1);
        Backup();

        var ex = Assert.Throws<BackupException>(() => Restore(RestoreDirectory, rootKey: null));

        Assert.Contains("--root-key", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(RestoreDirectory));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(700)]
    [InlineData(4096)]
    [InlineData(-1025)]
    [InlineData(-8192)]
    public async Task Restore_TruncatedArchive_ThrowsDamagedAndWritesNothing(int keep)
    {
        // A negative value cuts that many bytes off the end. The last 1024 bytes are tar's end-of-archive marker, whose
        // loss loses nothing; -1025 cuts the database's last byte.
        await SeedAsync(DataDirectory, keys: 1);
        Backup();
        var length = new FileInfo(ArchivePath).Length;
        using (var file = new FileStream(ArchivePath, FileMode.Open))
        {
            file.SetLength(keep >= 0 ? keep : length + keep);
        }

        var ex = Assert.Throws<BackupException>(() => Restore(RestoreDirectory, new BackupRootKey(RootKey, Fingerprint(RootKey))));

        Assert.Contains("damaged", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(RestoreDirectory));
        Assert.Empty(Directory.GetDirectories(_directory, ".keyhold-restore-*"));
    }

    [Fact]
    public async Task Restore_IncludedRootKeyEntryMissing_ThrowsDamaged()
    {
        await SeedAsync(DataDirectory, keys: 1);
        Backup(new BackupRootKey(RootKey, Fingerprint(RootKey)));
        var entries = Entries(ArchivePath);
        entries.RemoveAll(e => e.Name == "root.key");
        Rewrite(entries);

        var ex = Assert.Throws<BackupException>(() => Restore(RestoreDirectory, new BackupRootKey(RootKey, Fingerprint(RootKey))));

        Assert.Contains("damaged", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(RestoreDirectory));
    }

    [Fact]
    public async Task Restore_FlippedByteInDatabase_ThrowsDamaged()
    {
        await SeedAsync(DataDirectory, keys: 1);
        Backup();
        var entries = Entries(ArchivePath);
        var database = entries.Single(e => e.Name == "keyhold.db").Data;
        database[database.Length / 2] ^= 0x40;
        Rewrite(entries);

        var ex = Assert.Throws<BackupException>(() => Restore(RestoreDirectory, new BackupRootKey(RootKey, Fingerprint(RootKey))));

        Assert.Contains("SHA-256", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(RestoreDirectory));
    }

    [Fact]
    public async Task Restore_UnknownSchemaVersion_ThrowsNamingTheVersion()
    {
        await SeedAsync(DataDirectory, keys: 1);
        Backup();
        var entries = Entries(ArchivePath);
        var manifest = BackupManifest.Parse(entries[0].Data) with { SchemaVersion = SqliteMigrations.Latest + 96 };
        entries[0] = entries[0] with { Data = manifest.ToJson() };
        Rewrite(entries);

        var ex = Assert.Throws<BackupException>(() => Restore(RestoreDirectory, new BackupRootKey(RootKey, Fingerprint(RootKey))));

        Assert.Contains($"schema version {SqliteMigrations.Latest + 96}", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(RestoreDirectory));
    }

    [Fact]
    public async Task Restore_ManifestRowCountsDisagree_ThrowsNamingTheTable()
    {
        await SeedAsync(DataDirectory, keys: 2);
        Backup();
        var entries = Entries(ArchivePath);
        var manifest = BackupManifest.Parse(entries[0].Data);
        manifest = manifest with { Tables = [.. manifest.Tables.Select(t => t.Name == "access_keys" ? t with { Rows = 7 } : t)] };
        entries[0] = entries[0] with { Data = manifest.ToJson() };
        Rewrite(entries);

        var ex = Assert.Throws<BackupException>(() => Restore(RestoreDirectory, new BackupRootKey(RootKey, Fingerprint(RootKey))));

        Assert.Contains("table access_keys: 2 rows in the database, 7 in the manifest", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_UnexpectedEntry_ThrowsDamaged()
    {
        await SeedAsync(DataDirectory, keys: 1);
        Backup();
        var entries = Entries(ArchivePath);
        entries.Add(new ArchiveEntry("../escape", UnixFileMode.UserRead, [1, 2, 3]));
        Rewrite(entries);

        var ex = Assert.Throws<BackupException>(() => Restore(RestoreDirectory, new BackupRootKey(RootKey, Fingerprint(RootKey))));

        Assert.Contains("../escape", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_directory, "escape")));
    }

    private static string Fingerprint(byte[] rootKey) => Convert.ToHexStringLower(SHA256.HashData(rootKey).AsSpan(0, 8));

    private static UnixFileMode ModeOf(string path) =>
        OperatingSystem.IsWindows() ? throw new PlatformNotSupportedException("Unix file modes are checked on Linux only.") : File.GetUnixFileMode(path);

    private static long Rows(BackupManifest manifest, string table) => manifest.Tables.Single(t => t.Name == table).Rows;

    private static async Task SeedAsync(string dataDirectory, int keys)
    {
        Directory.CreateDirectory(dataDirectory);
        await using var store = new SqliteKeyholdStore(new SqliteStoreOptions { DatabasePath = Path.Combine(dataDirectory, "keyhold.db") });
        await store.MigrateAsync(CancellationToken.None).WithTimeout();
        await store.AddDomainKeyAsync(new DomainKeyRecord(1, RandomNumberGenerator.GetBytes(61), Fingerprint(RootKey), T0), CancellationToken.None).WithTimeout();
        for (var i = 0; i < keys; i++)
        {
            var accessKey = new AccessKeyRecord
            {
                AccessKeyId = $"AKIA{i:D16}",
                AccountId = "111122223333",
                WrappedSecret = RandomNumberGenerator.GetBytes(60),
                Active = true,
                CreatedAt = T0,
            };
            await store.AddAccessKeyAsync(accessKey, CancellationToken.None).WithTimeout();
        }

        await store.AddAccountAsync("111122223333", T0, CancellationToken.None).WithTimeout();
    }

    private static List<ArchiveEntry> Entries(string path)
    {
        var entries = new List<ArchiveEntry>();
        using var file = File.OpenRead(path);
        using var reader = new TarReader(file);
        while (reader.GetNextEntry(copyData: true) is { } entry)
        {
            using var data = new MemoryStream();
            entry.DataStream?.CopyTo(data);
            entries.Add(new ArchiveEntry(entry.Name, entry.Mode, data.ToArray()));
        }

        return entries;
    }

    private BackupManifest Backup(BackupRootKey? include = null) =>
        StoreBackup.Create(
            new StoreBackupOptions { DataDirectory = DataDirectory, OutputPath = ArchivePath, KeyholdVersion = "test", IncludedRootKey = include },
            TimeProvider.System);

    private BackupManifest Restore(string dataDirectory, BackupRootKey? rootKey) =>
        StoreBackup.Restore(new StoreRestoreOptions { InputPath = ArchivePath, DataDirectory = dataDirectory, RootKey = rootKey, FingerprintOf = Fingerprint });

    private void Rewrite(List<ArchiveEntry> entries)
    {
        File.Delete(ArchivePath);
        using var file = File.Create(ArchivePath);
        using var writer = new TarWriter(file, TarEntryFormat.Pax);
        foreach (var entry in entries)
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, entry.Name) { Mode = entry.Mode, DataStream = new MemoryStream(entry.Data) });
        }
    }

    private sealed record ArchiveEntry(string Name, UnixFileMode Mode, byte[] Data);
}

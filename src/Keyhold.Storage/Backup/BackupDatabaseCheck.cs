using System.Globalization;
using System.Security.Cryptography;
using Keyhold.Storage.Migration;

namespace Keyhold.Storage.Backup;

/// <summary>
/// What a database file in (or for) a backup actually holds, read from the file itself: size and SHA-256, schema
/// version, integrity check, row counts and root key fingerprints. <see cref="Compare"/> lists where it differs from a
/// manifest. Used on the fresh copy before it is archived and on the extracted copy before it is restored.
/// </summary>
internal sealed record BackupDatabaseCheck(
    BackupDatabaseFile File,
    int? SchemaVersion,
    string Integrity,
    IReadOnlyList<BackupTable> Tables,
    IReadOnlyList<string> RootKeyFingerprints)
{
    /// <summary>Reads the file; SQLite errors (a file that is not a database) propagate as <c>SqliteException</c>.</summary>
    public static BackupDatabaseCheck Inspect(string path, TimeSpan lockTimeout)
    {
        var file = HashFile(path);
        using var snapshot = SqliteSnapshot.Open(path, lockTimeout);
        return new BackupDatabaseCheck(
            file,
            snapshot.ReadSchemaVersion(),
            snapshot.CheckIntegrity(),
            [.. snapshot.ReadTables().Select(t => new BackupTable(t.Name, t.Rows))],
            snapshot.ReadRootKeyFingerprints());
    }

    public static BackupDatabaseFile HashFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var hash = SHA256.HashData(stream);
        return new BackupDatabaseFile(stream.Length, Convert.ToHexStringLower(hash));
    }

    /// <summary>Every difference from <paramref name="manifest"/>'s description of the database; empty when it matches.</summary>
    public List<string> Compare(BackupManifest manifest)
    {
        var problems = new List<string>();
        if (File != manifest.Database)
        {
            problems.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"the database file has {File.Bytes} bytes and SHA-256 {File.Sha256}, the manifest says {manifest.Database.Bytes} bytes and {manifest.Database.Sha256}"));
            return problems;
        }

        if (!string.Equals(Integrity, "ok", StringComparison.Ordinal))
        {
            problems.Add($"SQLite's integrity check failed: {Integrity}");
        }

        if (SchemaVersion != manifest.SchemaVersion)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"the database has schema version {SchemaVersion?.ToString(CultureInfo.InvariantCulture) ?? "none"}, the manifest says {manifest.SchemaVersion}"));
        }

        var expected = manifest.Tables.ToDictionary(t => t.Name, t => t.Rows, StringComparer.Ordinal);
        var actual = Tables.ToDictionary(t => t.Name, t => t.Rows, StringComparer.Ordinal);
        foreach (var name in expected.Keys.Union(actual.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var inManifest = expected.TryGetValue(name, out var e) ? e.ToString(CultureInfo.InvariantCulture) : "no table";
            var inDatabase = actual.TryGetValue(name, out var a) ? a.ToString(CultureInfo.InvariantCulture) : "no table";
            if (inManifest != inDatabase)
            {
                problems.Add($"table {name}: {inDatabase} rows in the database, {inManifest} in the manifest");
            }
        }

        if (RootKeyFingerprints.Any(f => !string.Equals(f, manifest.RootKeyFingerprint, StringComparison.Ordinal)))
        {
            problems.Add($"the domain keys are wrapped under root key {string.Join(", ", RootKeyFingerprints)}, the manifest says {manifest.RootKeyFingerprint ?? "none"}");
        }

        return problems;
    }
}

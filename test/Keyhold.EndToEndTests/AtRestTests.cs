using System.Text;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.EndToEndTests.Infrastructure;

namespace Keyhold.EndToEndTests;

/// <summary>
/// What lies on disk: no secret a client was given or gave (the admin secret access key, GenerateDataKey and Encrypt
/// plaintexts), nor the root key, appears in the data directory outside root.key and admin-credentials — not in
/// keyhold.db, nor in its -wal and -shm files while the server runs or after it was killed. The files that do hold
/// secrets are owner-only.
/// </summary>
public sealed class AtRestTests
{
    private const int Keys = 3;
    private const int DataKeysPerKey = 15;

    [Fact]
    public async Task DataDirectory_WhileRunningAndAfterKill_HoldsNoClientSecrets()
    {
        using var directory = new TemporaryDirectory();
        var server = await KeyholdProcess.StartAsync(directory.DataDirectory);
        try
        {
            var secret = KmsClients.ReadProfile(server.CredentialsPath).GetCredentials().SecretKey;
            var storedSecret = "a plaintext given to Encrypt"u8.ToArray();
            var needles = new List<(string Name, byte[] Bytes)>
            {
                ("the admin secret access key", Encoding.UTF8.GetBytes(secret)),
                ("an Encrypt plaintext", storedSecret),
            };

            // The root key belongs in root.key alone (the root of the hierarchy; everything else is sealed under it).
            var rootKey = File.ReadAllText(Path.Combine(directory.DataDirectory, "root.key")).Trim().Split(':', 2)[1];
            needles.Add(("the root key in base64", Encoding.ASCII.GetBytes(rootKey)));
            needles.Add(("the root key", Convert.FromBase64String(rootKey)));

            using (var client = KmsClients.Create(server))
            {
                for (var i = 0; i < Keys; i++)
                {
                    var keyId = (await client.CreateKeyAsync(new CreateKeyRequest { Description = $"at rest {i}" })).KeyMetadata.KeyId;
                    await client.EncryptAsync(new EncryptRequest { KeyId = keyId, Plaintext = new MemoryStream(storedSecret) });
                    for (var j = 0; j < DataKeysPerKey; j++)
                    {
                        var dataKey = await client.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = keyId, KeySpec = DataKeySpec.AES_256 });
                        var plaintext = dataKey.Plaintext.ToArray();
                        needles.Add(($"data key {i}.{j}", plaintext));
                        needles.Add(($"data key {i}.{j} in base64", Encoding.ASCII.GetBytes(Convert.ToBase64String(plaintext))));
                    }
                }
            }

            var files = AssertNoneStored(directory.DataDirectory, needles, "while the server runs");
            Assert.Contains(files, file => file.EndsWith("keyhold.db-wal", StringComparison.Ordinal));

            await server.KillAsync();
            AssertNoneStored(directory.DataDirectory, needles, "after SIGKILL");

            // A restart replays the WAL into keyhold.db; that must not bring anything to light either.
            await server.DisposeAsync();
            server = await KeyholdProcess.StartAsync(directory.DataDirectory);
            Assert.Equal(0, await server.StopAsync());
            AssertNoneStored(directory.DataDirectory, needles, "after a restart and SIGTERM");
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task DataDirectory_FirstStart_SecretsOwnerOnly()
    {
        using var directory = new TemporaryDirectory();
        await using var server = await KeyholdProcess.StartAsync(directory.DataDirectory);

        const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(OwnerReadWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory.DataDirectory));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(Path.Combine(directory.DataDirectory, "root.key")));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(server.CredentialsPath));
    }

    /// <summary>Scans every file except root.key and admin-credentials; returns the files scanned.</summary>
    private static List<string> AssertNoneStored(string dataDirectory, List<(string Name, byte[] Bytes)> needles, string when)
    {
        var files = Directory.EnumerateFiles(dataDirectory, "*", SearchOption.AllDirectories)
            .Where(path => Path.GetFileName(path) is not ("root.key" or "admin-credentials"))
            .ToList();
        Assert.Contains(files, file => file.EndsWith("keyhold.db", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var content = ReadShared(file);
            foreach (var (name, bytes) in needles)
            {
                Assert.False(content.AsSpan().IndexOf(bytes) >= 0, $"{Path.GetFileName(file)} contains {name} ({when}).");
            }
        }

        return files;
    }

    /// <summary>Reads a file the running server holds open (SQLite does not lock files against readers).</summary>
    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

using System.Text;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Server.Keys;
using Keyhold.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Keyhold.Server.Tests.Hosting;

/// <summary>What a data directory holds at rest: no key material, plaintext or secret in the clear (root.key aside).</summary>
public sealed class DataDirectoryTests
{
    [Fact]
    public async Task DataDirectory_AfterUse_HoldsNoKeyMaterialPlaintextOrSecretInTheClear()
    {
        using var directory = new TempDirectory();
        var secrets = new List<(string What, byte[] Bytes)>();
        var server = await TestServer.StartAsync(directory.Path);
        try
        {
            using var client = server.CreateClient();
            var ring = server.Server.Services.GetRequiredService<KeyMaterialRing>();
            for (var i = 0; i < 3; i++)
            {
                var key = await client.CreateTestKeyAsync();
                var plaintext = Encoding.UTF8.GetBytes($"confidential-plaintext-{i}-{Guid.NewGuid():N}");
                await client.EncryptBytesAsync(key.KeyId, plaintext);
                var dataKey = await client.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.KeyId, KeySpec = DataKeySpec.AES_256 }).WithTimeout();
                var material = await ring.GetAsync(key.KeyId, 1, CancellationToken.None).WithTimeout();
                Assert.NotNull(material);
                secrets.Add(($"key material of {key.KeyId}", material.Material.ToArray()));
                secrets.Add(($"plaintext {i}", plaintext));
                secrets.Add(($"data key {i}", dataKey.Plaintext.ToArray()));
            }

            // While running: the WAL and shared-memory files hold the latest writes.
            AssertNoFileContains(directory.Path, secrets, server.Credentials.SecretAccessKey);
        }
        finally
        {
            await server.StopAsync();
        }

        // After a clean stop: everything has been checkpointed into keyhold.db.
        AssertNoFileContains(directory.Path, secrets, server.Credentials.SecretAccessKey);
        Assert.Contains(
            server.Credentials.SecretAccessKey,
            await File.ReadAllTextAsync(Path.Combine(directory.Path, "admin-credentials")).WithTimeout(),
            StringComparison.Ordinal);
    }

    private static void AssertNoFileContains(string directory, List<(string What, byte[] Bytes)> secrets, string secretAccessKey)
    {
        var files = Directory.GetFiles(directory).Where(f => Path.GetFileName(f) != "root.key").ToList();
        Assert.Contains(files, f => Path.GetFileName(f) == "keyhold.db");
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            var bytes = ReadShared(file);
            foreach (var (what, secret) in secrets)
            {
                Assert.False(bytes.AsSpan().IndexOf(secret) >= 0, $"{name} contains the {what} in the clear.");
            }

            // The administrator's secret is in admin-credentials by design (it is how the operator gets it); nowhere else.
            if (name != "admin-credentials")
            {
                Assert.False(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secretAccessKey)) >= 0, $"{name} contains the secret access key.");
            }
        }
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

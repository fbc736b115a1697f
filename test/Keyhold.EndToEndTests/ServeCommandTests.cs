using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Amazon.KeyManagementService.Model;
using Keyhold.EndToEndTests.Infrastructure;

namespace Keyhold.EndToEndTests;

/// <summary><c>keyhold serve</c> as an operator meets it: refusals, --dev, restarts on the same data, a damaged root key, help.</summary>
public sealed class ServeCommandTests
{
    [Fact]
    public async Task Serve_NonLoopbackWithoutTls_ExitsNonZeroWithMessage()
    {
        using var directory = new TemporaryDirectory();

        var result = await KeyholdExecutable.RunAsync("serve", "--data", directory.DataDirectory, "--listen", "0.0.0.0:4599");

        AssertRefused(result, "Refusing to serve plain HTTP on 0.0.0.0:4599: give --tls-cert and --tls-key");
        Assert.False(Directory.Exists(directory.DataDirectory), "A refused start must not create the data directory.");
    }

    [Fact]
    public async Task Serve_DevOnNonLoopback_ExitsNonZeroWithMessage()
    {
        using var directory = new TemporaryDirectory();

        var result = await KeyholdExecutable.RunAsync("serve", "--dev", "--data", directory.DataDirectory, "--listen", "0.0.0.0:4599");

        AssertRefused(result, "--dev accepts unsigned credentials and may only listen on a loopback address");
        Assert.False(Directory.Exists(directory.DataDirectory), "A refused start must not create the data directory.");
    }

    [Fact]
    public async Task Serve_PortInUse_ExitsNonZeroWithMessage()
    {
        using var directory = new TemporaryDirectory();
        var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            var listen = "127.0.0.1:" + ((IPEndPoint)taken.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

            var result = await KeyholdExecutable.RunAsync("serve", "--data", directory.DataDirectory, "--listen", listen);

            AssertRefused(result, $"Cannot listen on {listen}: Address already in use.");
        }
        finally
        {
            taken.Stop();
        }
    }

    [Fact]
    public async Task Serve_Dev_AcceptsAnyCredentialsAsTheDevAccount()
    {
        using var directory = new TemporaryDirectory();
        await using var server = await KeyholdProcess.StartAsync(directory.DataDirectory, "--dev");
        var aws = AwsCli.WithKeys(server.Endpoint, "x", "y", "us-east-1");

        var arn = (await aws.RunSuccessfullyAsync("kms", "create-key", "--query", "KeyMetadata.Arn", "--output", "text")).Trim();

        Assert.Equal("111122223333", server.AccountId);
        Assert.StartsWith("arn:aws:kms:us-east-1:111122223333:key/", arn, StringComparison.Ordinal);
        Assert.Contains("WARNING: --dev mode", server.StandardOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(server.CredentialsPath), "--dev needs no credentials and writes none.");
    }

    [Fact]
    public async Task Serve_SecondStartOnSameData_ReusesAccountAndKeepsCredentials()
    {
        using var directory = new TemporaryDirectory();
        string account, keyArn;
        byte[] credentials;
        DateTime credentialsWritten;
        await using (var first = await KeyholdProcess.StartAsync(directory.DataDirectory))
        {
            account = first.AccountId;
            credentials = await File.ReadAllBytesAsync(first.CredentialsPath);
            credentialsWritten = File.GetLastWriteTimeUtc(first.CredentialsPath);
            keyArn = (await AwsCli.ForServer(first).RunSuccessfullyAsync("kms", "create-key", "--query", "KeyMetadata.Arn", "--output", "text")).Trim();
            Assert.Contains("created administrator credentials", first.StandardOutput, StringComparison.Ordinal);
            Assert.Equal(0, await first.StopAsync());
        }

        await using var second = await KeyholdProcess.StartAsync(directory.DataDirectory);
        var described = await AwsCli.ForServer(second).RunSuccessfullyAsync("kms", "describe-key", "--key-id", keyArn, "--query", "KeyMetadata.Arn", "--output", "text");

        Assert.Equal(account, second.AccountId);
        Assert.Equal(credentials, await File.ReadAllBytesAsync(second.CredentialsPath));
        Assert.Equal(credentialsWritten, File.GetLastWriteTimeUtc(second.CredentialsPath));
        Assert.DoesNotContain("created administrator credentials", second.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(keyArn, described.Trim());
    }

    [Fact]
    public async Task Serve_MalformedRootKey_ExitsNonZeroAndChangesNothing()
    {
        using var directory = new TemporaryDirectory();
        await CreateDataAsync(directory);
        var rootKey = Path.Combine(directory.DataDirectory, "root.key");
        await File.WriteAllTextAsync(rootKey, "keyhold-root-key-v1:not base64!\n");
        var before = Snapshot(directory.DataDirectory);

        var result = await KeyholdExecutable.RunAsync("serve", "--data", directory.DataDirectory, "--listen", "127.0.0.1:0");

        AssertRefused(result, $"Cannot read the root key: The root key file {rootKey} is malformed");
        Assert.Equal(before, Snapshot(directory.DataDirectory));
    }

    [Fact]
    public async Task Serve_DifferentRootKey_ExitsNonZeroWithMessage()
    {
        using var directory = new TemporaryDirectory();
        await CreateDataAsync(directory);
        var rootKey = Path.Combine(directory.DataDirectory, "root.key");
        await File.WriteAllTextAsync(rootKey, "keyhold-root-key-v1:" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) + "\n");
        var database = await File.ReadAllBytesAsync(Path.Combine(directory.DataDirectory, "keyhold.db"));

        var result = await KeyholdExecutable.RunAsync("serve", "--data", directory.DataDirectory, "--listen", "127.0.0.1:0");

        AssertRefused(result, "The data was sealed with a root key whose fingerprint is ");
        Assert.Contains("Start with the original root key; nothing was changed.", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(database, await File.ReadAllBytesAsync(Path.Combine(directory.DataDirectory, "keyhold.db")));
    }

    [Fact]
    public async Task Help_RootAndServe_DescribeTheCommands()
    {
        var root = await KeyholdExecutable.RunAsync("--help");
        var serve = await KeyholdExecutable.RunAsync("serve", "--help");

        Assert.True(root.ExitCode == 0, root.Describe());
        Assert.Contains("serve", root.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("AWS KMS API", root.StandardOutput, StringComparison.Ordinal);
        Assert.True(serve.ExitCode == 0, serve.Describe());
        foreach (var option in new[] { "--data", "--listen", "--dev", "--account-id", "--region", "--tls-cert", "--tls-key" })
        {
            Assert.Contains(option, serve.StandardOutput, StringComparison.Ordinal);
        }
    }

    /// <summary>A refused start: non-zero exit, one clear line on stderr, no .NET stack trace.</summary>
    private static void AssertRefused(ProcessResult result, string expectedMessage)
    {
        Assert.True(result.ExitCode != 0, result.Describe());
        Assert.StartsWith("keyhold: ", result.StandardError, StringComparison.Ordinal);
        Assert.Contains(expectedMessage, result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
    }

    /// <summary>A data directory with a key in it, left by a server that stopped cleanly.</summary>
    private static async Task CreateDataAsync(TemporaryDirectory directory)
    {
        await using var server = await KeyholdProcess.StartAsync(directory.DataDirectory);
        using var client = KmsClients.Create(server);
        await client.CreateKeyAsync(new CreateKeyRequest());
        Assert.Equal(0, await server.StopAsync());
    }

    private static Dictionary<string, string> Snapshot(string dataDirectory) =>
        Directory.EnumerateFiles(dataDirectory).ToDictionary(path => Path.GetFileName(path), path => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))));
}

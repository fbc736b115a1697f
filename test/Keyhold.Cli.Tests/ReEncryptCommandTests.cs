using System.Collections.Concurrent;
using System.Text;
using Amazon.KeyManagementService.Model;
using Keyhold.Cli.Tests.Infrastructure;

namespace Keyhold.Cli.Tests;

/// <summary><c>keyhold reencrypt</c>: thousands of ciphertexts moved to another key, in order, failures per line.</summary>
[Collection(SharedCliServer.Name)]
public sealed class ReEncryptCommandTests(CliServer server) : IDisposable
{
    private const string SharedContext = """{"app":"billing"}""";
    private static readonly Dictionary<string, string> DestinationContext = new() { ["moved"] = "2026-12" };

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("keyhold-reencrypt-");

    [Fact]
    public async Task ReEncrypt_ThousandsOfLinesUnderTwoKeys_AllDecryptUnderTheDestinationInOrder()
    {
        const int count = 3000;
        var first = await server.CreateKeyAsync("reencrypt source 1");
        var second = await server.CreateKeyAsync("reencrypt source 2");
        var destination = await server.CreateKeyAsync("reencrypt destination");
        var destinationAlias = CliServer.NewAliasName("reencrypt");
        await server.Kms.CreateAliasAsync(new CreateAliasRequest { AliasName = destinationAlias, TargetKeyId = destination.KeyId }).WithTimeout();

        // Even lines under the first key, odd under the second; every seventh line is JSON with its own context.
        var lines = new string[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, cancellationToken) =>
        {
            var ownContext = i % 7 == 0 ? new Dictionary<string, string> { ["line"] = $"{i}" } : null;
            var response = await server.Kms.EncryptAsync(new EncryptRequest
            {
                KeyId = i % 2 == 0 ? first.KeyId : second.KeyId,
                Plaintext = new MemoryStream(Plaintext(i)),
                EncryptionContext = ownContext ?? new Dictionary<string, string> { ["app"] = "billing" },
            }, cancellationToken).WithTimeout();
            var base64 = Convert.ToBase64String(response.CiphertextBlob.ToArray());
            lines[i] = ownContext is null ? base64 : $$$"""{"CiphertextBlob": "{{{base64}}}", "EncryptionContext": {"line": "{{{i}}}"}}""";
        }).WithTimeout(TimeSpan.FromSeconds(60));

        // A few bad lines among them; each must fail alone.
        var input = new List<string>(lines);
        var wrongContext = $$$"""{"CiphertextBlob": "{{{lines[1]}}}", "EncryptionContext": {"app": "other"}}""";
        (int Line, string Text, string Error)[] bad =
        [
            (11, "this is not base64!", "not a base64 ciphertext or a JSON object with a CiphertextBlob"),
            (1502, Convert.ToBase64String(Enumerable.Range(0, 80).Select(b => (byte)b).ToArray()), "InvalidCiphertextException: "),
            (2001, wrongContext, "InvalidCiphertextException: "),
            (2500, """{"CiphertextBlob": 5}""", "not a JSON object"),
            (2999, string.Empty, "empty line"),
        ];
        foreach (var (line, text, _) in bad)
        {
            input.Insert(line - 1, text);
        }

        var inputFile = await WriteInputAsync(input);
        var outputFile = Path.Combine(_directory.FullName, "out.txt");

        var result = await server.RunAsync(
            "reencrypt", "--to", destinationAlias, "--input", inputFile, "--output", outputFile,
            "--context", SharedContext, "--to-context", """{"moved":"2026-12"}""", "--parallel", "8");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Empty(result.Output);
        var errors = result.ErrorLines;
        Assert.Equal(bad.Length + 1, errors.Length);
        for (var i = 0; i < bad.Length; i++)
        {
            Assert.StartsWith($"line {bad[i].Line}: {bad[i].Error}", errors[i], StringComparison.Ordinal);
        }

        Assert.Equal($"re-encrypted {count}, failed {bad.Length}", errors[^1]);

        var output = await File.ReadAllLinesAsync(outputFile).WithTimeout();
        Assert.Equal(input.Count, output.Length);
        var badLines = bad.Select(b => b.Line).ToHashSet();
        var expected = new List<(string Ciphertext, int Plaintext)>();
        var original = 0;
        for (var line = 1; line <= output.Length; line++)
        {
            if (badLines.Contains(line))
            {
                Assert.Equal(string.Empty, output[line - 1]);
            }
            else
            {
                expected.Add((output[line - 1], original++));
            }
        }

        Assert.Equal(count, expected.Count);
        var wrong = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(expected, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (item, cancellationToken) =>
        {
            var decrypted = await server.Kms.DecryptAsync(new DecryptRequest
            {
                CiphertextBlob = new MemoryStream(Convert.FromBase64String(item.Ciphertext)),
                EncryptionContext = DestinationContext,
            }, cancellationToken).WithTimeout();
            if (decrypted.KeyId != destination.Arn || !decrypted.Plaintext.ToArray().AsSpan().SequenceEqual(Plaintext(item.Plaintext)))
            {
                wrong.Add($"ciphertext {item.Plaintext}: key {decrypted.KeyId}");
            }
        }).WithTimeout(TimeSpan.FromSeconds(60));
        Assert.Empty(wrong);
    }

    [Fact]
    public async Task ReEncrypt_OutputDash_WritesToStandardOutputAndExits0()
    {
        var source = await server.CreateKeyAsync("reencrypt stdout source");
        var destination = await server.CreateKeyAsync("reencrypt stdout destination");
        var ciphertexts = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var response = await server.Kms.EncryptAsync(new EncryptRequest { KeyId = source.KeyId, Plaintext = new MemoryStream(Plaintext(i)) }).WithTimeout();
            ciphertexts.Add(Convert.ToBase64String(response.CiphertextBlob.ToArray()));
        }

        var result = await server.RunAsync("reencrypt", "--to", destination.Arn, "--input", await WriteInputAsync(ciphertexts), "--output", "-", "--parallel", "1");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["re-encrypted 3, failed 0"], result.ErrorLines);
        var output = result.OutputLines;
        Assert.Equal(3, output.Length);
        for (var i = 0; i < output.Length; i++)
        {
            var decrypted = await server.Kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(Convert.FromBase64String(output[i])) }).WithTimeout();
            Assert.Equal(destination.Arn, decrypted.KeyId);
            Assert.Equal(Plaintext(i), decrypted.Plaintext.ToArray());
        }
    }

    [Fact]
    public async Task ReEncrypt_UnknownDestination_PrintsOneLineAndWritesNothing()
    {
        var inputFile = await WriteInputAsync(["AQID"]);
        var outputFile = Path.Combine(_directory.FullName, "never.txt");

        var result = await server.RunAsync("reencrypt", "--to", "alias/no-such-destination", "--input", inputFile, "--output", outputFile);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("keyhold: NotFoundException: ", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.False(File.Exists(outputFile));
    }

    [Fact]
    public async Task ReEncrypt_NoServerAtEndpoint_PrintsOneLineAndExits1()
    {
        var result = await CliServer.RunWithoutConnectionAsync(
            "reencrypt", "--to", "alias/any", "--input", await WriteInputAsync(["AQID"]),
            "--endpoint-url", "http://127.0.0.1:9", "--profile", CliServer.Profile, "--region", CliServer.Region);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("keyhold: No Keyhold server answers at http://127.0.0.1:9/: ", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--context", "not json", "keyhold: --context must be a JSON object of strings")]
    [InlineData("--to-context", """{"n": 1}""", "keyhold: --to-context must be a JSON object of strings")]
    public async Task ReEncrypt_InvalidContext_PrintsOneLineAndExits1(string option, string value, string message)
    {
        var result = await server.RunAsync("reencrypt", "--to", "alias/any", "--input", await WriteInputAsync(["AQID"]), option, value);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith(message, Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReEncrypt_OutputIsTheInputFile_RefusesBeforeTouchingIt()
    {
        var inputFile = await WriteInputAsync(["AQID"]);

        var result = await server.RunAsync("reencrypt", "--to", "alias/any", "--input", inputFile, "--output", inputFile);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("keyhold: --output must not be the --input file: it would be overwritten while it is read.", Assert.Single(result.ErrorLines));
        Assert.Equal("AQID\n", await File.ReadAllTextAsync(inputFile).WithTimeout());
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private static byte[] Plaintext(int i) => Encoding.UTF8.GetBytes($"secret number {i}");

    private async Task<string> WriteInputAsync(IEnumerable<string> lines)
    {
        var path = Path.Combine(_directory.FullName, $"in-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(path, string.Concat(lines.Select(l => l + "\n"))).WithTimeout();
        return path;
    }
}

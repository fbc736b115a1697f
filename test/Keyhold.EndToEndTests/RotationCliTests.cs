using System.Text;
using System.Text.Json;
using Keyhold.EndToEndTests.Infrastructure;

namespace Keyhold.EndToEndTests;

/// <summary>
/// AWS's built-in rotation from the real aws CLI against <c>keyhold serve</c>: enable with a period, read the status,
/// rotate on demand, list the rotations, and decrypt what every generation of material encrypted.
/// </summary>
public sealed class RotationCliTests(KeyholdServerFixture fixture) : IClassFixture<KeyholdServerFixture>
{
    private readonly KeyholdProcess _server = fixture.Server;
    private readonly TemporaryDirectory _files = fixture.Directory;
    private readonly AwsCli _aws = AwsCli.ForServer(fixture.Server);

    [Fact]
    public async Task BuiltInRotation_EnableStatusRotateListAndDecryptEveryGeneration()
    {
        var keyId = (await _aws.RunSuccessfullyAsync("kms", "create-key", "--description", "rotated", "--query", "KeyMetadata.KeyId", "--output", "text")).Trim();
        var arn = $"arn:aws:kms:us-east-1:{_server.AccountId}:key/{keyId}";

        await _aws.RunSuccessfullyAsync("kms", "enable-key-rotation", "--key-id", keyId, "--rotation-period-in-days", "180");
        using (var status = JsonDocument.Parse(await _aws.RunSuccessfullyAsync("kms", "get-key-rotation-status", "--key-id", keyId)))
        {
            var root = status.RootElement;
            Assert.True(root.GetProperty("KeyRotationEnabled").GetBoolean());
            Assert.Equal(arn, root.GetProperty("KeyId").GetString());
            Assert.Equal(180, root.GetProperty("RotationPeriodInDays").GetInt32());
            // CLI v1 prints timestamps as the epoch seconds it received; the next rotation is 180 days from now.
            var next = DateTimeOffset.FromUnixTimeMilliseconds((long)(root.GetProperty("NextRotationDate").GetDouble() * 1000));
            Assert.InRange(next, DateTimeOffset.UtcNow.AddDays(180).AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(180).AddMinutes(5));
        }

        var plaintexts = new List<byte[]>();
        var ciphertexts = new List<string>();
        for (var generation = 0; generation < 3; generation++)
        {
            plaintexts.Add(Encoding.UTF8.GetBytes($"generation {generation}"));
            ciphertexts.Add(await EncryptAsync(keyId, plaintexts[^1]));
            if (generation < 2)
            {
                var rotated = await _aws.RunSuccessfullyAsync("kms", "rotate-key-on-demand", "--key-id", keyId, "--query", "KeyId", "--output", "text");
                Assert.Equal(arn, rotated.Trim());
            }
        }

        // list-key-rotations in text form: one ROTATIONS line per rotation (members ordered by name by the CLI).
        var listed = await _aws.RunSuccessfullyAsync(
            "kms", "list-key-rotations", "--key-id", keyId, "--query", "Rotations[].[RotationType,KeyMaterialState,KeyMaterialId]", "--output", "text");
        var rows = listed.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal("ON_DEMAND", r[0]));
        Assert.Equal(["NON_CURRENT", "CURRENT"], rows.Select(r => r[1]));
        var current = (await _aws.RunSuccessfullyAsync("kms", "describe-key", "--key-id", keyId, "--query", "KeyMetadata.CurrentKeyMaterialId", "--output", "text")).Trim();
        Assert.Equal(current, rows[1][2]);

        // All key material, paginated one per page by the CLI itself: the original material comes first.
        using (var all = JsonDocument.Parse(await _aws.RunSuccessfullyAsync(
            "kms", "list-key-rotations", "--key-id", keyId, "--include-key-material", "ALL_KEY_MATERIAL", "--page-size", "1")))
        {
            var entries = all.RootElement.GetProperty("Rotations").EnumerateArray().ToList();
            Assert.Equal(3, entries.Count);
            Assert.False(entries[0].TryGetProperty("RotationType", out _));
            Assert.Equal(3, entries.Select(e => e.GetProperty("KeyMaterialId").GetString()).Distinct().Count());
        }

        // Every ciphertext, from every generation, decrypts with no key id.
        for (var i = 0; i < ciphertexts.Count; i++)
        {
            var output = await _aws.RunSuccessfullyAsync(
                "kms", "decrypt", "--ciphertext-blob", "fileb://" + ciphertexts[i], "--query", "[KeyId,Plaintext]", "--output", "text");
            var fields = output.Trim().Split('\t');
            Assert.Equal(arn, fields[0]);
            Assert.Equal(plaintexts[i], Convert.FromBase64String(fields[1]));
        }

        await _aws.RunSuccessfullyAsync("kms", "disable-key-rotation", "--key-id", keyId);
        Assert.Equal("False", (await _aws.RunSuccessfullyAsync("kms", "get-key-rotation-status", "--key-id", keyId, "--query", "KeyRotationEnabled", "--output", "text")).Trim());
    }

    [Fact]
    public async Task BuiltInRotation_PeriodOutOfRange_CliPrintsTheValidationError()
    {
        var keyId = (await _aws.RunSuccessfullyAsync("kms", "create-key", "--query", "KeyMetadata.KeyId", "--output", "text")).Trim();

        var result = await _aws.RunAsync("kms", "enable-key-rotation", "--key-id", keyId, "--rotation-period-in-days", "30");

        // aws CLI v1 checks the model's minimum itself (ParamValidation) before sending anything.
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("RotationPeriodInDays", result.StandardError, StringComparison.Ordinal);
        Assert.Equal("False", (await _aws.RunSuccessfullyAsync("kms", "get-key-rotation-status", "--key-id", keyId, "--query", "KeyRotationEnabled", "--output", "text")).Trim());
    }

    [Fact]
    public async Task GetKeyLastUsage_AfterDecrypt_CliShowsTheOperation()
    {
        var keyId = (await _aws.RunSuccessfullyAsync("kms", "create-key", "--query", "KeyMetadata.KeyId", "--output", "text")).Trim();
        var ciphertext = await EncryptAsync(keyId, "last use"u8.ToArray());
        await _aws.RunSuccessfullyAsync("kms", "decrypt", "--ciphertext-blob", "fileb://" + ciphertext);

        var operation = await _aws.RunSuccessfullyAsync("kms", "get-key-last-usage", "--key-id", keyId, "--query", "KeyLastUsage.Operation", "--output", "text");

        Assert.Equal("Decrypt", operation.Trim());
    }

    private async Task<string> EncryptAsync(string keyId, byte[] plaintext)
    {
        var name = Guid.NewGuid().ToString("N");
        var plaintextPath = _files.File(name + ".txt");
        await File.WriteAllBytesAsync(plaintextPath, plaintext);
        var base64 = await _aws.RunSuccessfullyAsync(
            "kms", "encrypt", "--key-id", keyId, "--plaintext", "fileb://" + plaintextPath, "--query", "CiphertextBlob", "--output", "text");
        var ciphertextPath = _files.File(name + ".encrypted");
        await File.WriteAllBytesAsync(ciphertextPath, Convert.FromBase64String(base64.Trim()));
        return ciphertextPath;
    }
}

using System.Text.Json;
using Keyhold.CompatibilityTests.Infrastructure;

namespace Keyhold.CompatibilityTests;

/// <summary>
/// The aws CLI, v1 (pyenv) and v2 (Debian's awscli package), as people type it: <c>--query</c> with
/// <c>--output text</c>, <c>fileb://</c> blobs, automatic pagination with <c>--page-size</c> and
/// <c>--max-items</c>/<c>--starting-token</c>, and errors exactly as the CLI prints them.
/// </summary>
[Collection(CompatibilitySuite.Name)]
public sealed class AwsCliTests(CompatibilityEnvironment environment)
{
    private const string Context = "purpose=compatibility,client=aws-cli";

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task KmsScenario_AwsCli_EveryOperationAndErrorAsPrinted(int major)
    {
        var (client, executable, errorExitCode) = major == 1
            ? (ClientNames.AwsCliV1, await ClientTools.AwsCliV1Async(), 255)
            : (ClientNames.AwsCliV2, await ClientTools.AwsCliV2Async(), 254);
        var aws = AwsCli.ForServer(environment.Server).WithExecutable(executable);
        var denied = AwsCli.ForProfile(environment.Server.Endpoint, environment.Denied.FilePath, environment.Denied.Profile).WithExecutable(executable);
        var scenario = new ClientScenario(environment.Results, client);
        var account = environment.Server.AccountId;
        var alias = $"alias/compat-aws-cli-v{major}";
        var plaintextFile = environment.Files.File($"cli-v{major}-plaintext");
        var ciphertextFile = environment.Files.File($"cli-v{major}-ciphertext");
        var plaintext = $"compatibility plaintext from aws CLI v{major}";
        await File.WriteAllTextAsync(plaintextFile, plaintext);
        string keyId = string.Empty;
        var errors = new List<string>();

        await scenario.CheckAsync(OperationNames.CreateKey, async () =>
        {
            var created = (await aws.RunSuccessfullyAsync("kms", "create-key", "--description", $"compatibility: {client}",
                "--query", "KeyMetadata.[KeyId,Arn]", "--output", "text")).Trim().Split('\t');
            keyId = created[0];
            Assert.Equal($"arn:aws:kms:us-east-1:{account}:key/{keyId}", created[1]);
        });
        await scenario.CheckAsync(OperationNames.CreateAlias, async () =>
        {
            await aws.RunSuccessfullyAsync("kms", "create-alias", "--alias-name", alias, "--target-key-id", keyId);
            Assert.Equal(keyId, (await aws.RunSuccessfullyAsync("kms", "describe-key", "--key-id", alias, "--query", "KeyMetadata.KeyId", "--output", "text")).Trim());
        });
        await scenario.CheckAsync(OperationNames.EncryptDecrypt, async () =>
        {
            var blob = await aws.RunSuccessfullyAsync("kms", "encrypt", "--key-id", alias, "--plaintext", "fileb://" + plaintextFile,
                "--encryption-context", Context, "--query", "CiphertextBlob", "--output", "text");
            await File.WriteAllBytesAsync(ciphertextFile, Convert.FromBase64String(blob.Trim()));
            Assert.Equal(plaintext, await DecryptAsync(aws, ciphertextFile, Context));
        });
        await scenario.CheckAsync(OperationNames.GenerateDataKey, async () =>
        {
            using var dataKey = JsonDocument.Parse(await aws.RunSuccessfullyAsync("kms", "generate-data-key", "--key-id", $"arn:aws:kms:us-east-1:{account}:key/{keyId}",
                "--key-spec", "AES_256", "--encryption-context", Context, "--output", "json"));
            var plaintextKey = Convert.FromBase64String(dataKey.RootElement.GetProperty("Plaintext").GetString()!);
            Assert.Equal(32, plaintextKey.Length);
            var encryptedKeyFile = environment.Files.File($"cli-v{major}-data-key");
            await File.WriteAllBytesAsync(encryptedKeyFile, Convert.FromBase64String(dataKey.RootElement.GetProperty("CiphertextBlob").GetString()!));
            var decrypted = await aws.RunSuccessfullyAsync("kms", "decrypt", "--ciphertext-blob", "fileb://" + encryptedKeyFile,
                "--encryption-context", Context, "--query", "Plaintext", "--output", "text");
            Assert.Equal(plaintextKey, Convert.FromBase64String(decrypted.Trim()));
        });
        await scenario.CheckAsync(OperationNames.EnableKeyRotation, async () =>
        {
            await aws.RunSuccessfullyAsync("kms", "enable-key-rotation", "--key-id", keyId);
            Assert.Equal("True", (await aws.RunSuccessfullyAsync("kms", "get-key-rotation-status", "--key-id", keyId,
                "--query", "KeyRotationEnabled", "--output", "text")).Trim());
        });
        var rotate = await aws.RunAsync("kms", "rotate-key-on-demand", "--key-id", keyId);
        if (rotate.ExitCode != 0 && rotate.StandardError.Contains("Invalid choice", StringComparison.Ordinal))
        {
            // Debian 12's awscli 2.9 was built before KMS had RotateKeyOnDemand (June 2024): the CLI cannot send it.
            var version = (await ProcessRunner.RunAsync(new(executable) { ArgumentList = { "--version" } }, TestTimeouts.AwsCli)).StandardOutput.Split(' ')[0];
            scenario.NotInClient(OperationNames.RotateKeyOnDemand, $"{version} (Debian 12's awscli package) predates RotateKeyOnDemand and ListKeyRotations; newer v2 releases have them.");
        }
        else
        {
            await scenario.CheckAsync(OperationNames.RotateKeyOnDemand, async () =>
            {
                Assert.True(rotate.ExitCode == 0, rotate.Describe());
                Assert.Equal("1", (await aws.RunSuccessfullyAsync("kms", "list-key-rotations", "--key-id", keyId,
                    "--query", "length(Rotations)", "--output", "text")).Trim());
                Assert.Equal(plaintext, await DecryptAsync(aws, ciphertextFile, Context));
            });
        }

        await scenario.CheckAsync(OperationNames.ListKeysPagination, async () =>
        {
            // The CLI follows NextMarker by itself: pages of two must still list every key once.
            var all = (await aws.RunSuccessfullyAsync("kms", "list-keys", "--page-size", "2", "--query", "Keys[].KeyId", "--output", "text"))
                .Split((char[])['\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
            using var kms = environment.CreateDotnetClient();
            var expected = (await kms.ListKeysAsync(new Amazon.KeyManagementService.Model.ListKeysRequest { Limit = 1000 }).WaitAsync(TestTimeouts.Request)).Keys.Select(k => k.KeyId);
            Assert.Equal(expected.Order(), all.Order());
            Assert.Contains(keyId, all);
            // And hand the paging to the user: --max-items gives a NextToken for --starting-token.
            using var first = JsonDocument.Parse(await aws.RunSuccessfullyAsync("kms", "list-keys", "--page-size", "1", "--max-items", "1", "--output", "json"));
            var token = first.RootElement.GetProperty("NextToken").GetString()!;
            using var second = JsonDocument.Parse(await aws.RunSuccessfullyAsync("kms", "list-keys", "--page-size", "1", "--max-items", "1", "--starting-token", token, "--output", "json"));
            Assert.NotEqual(first.RootElement.GetProperty("Keys")[0].GetProperty("KeyId").GetString(), second.RootElement.GetProperty("Keys")[0].GetProperty("KeyId").GetString());
        });

        async Task ExpectErrorAsync(string operation, AwsCli cli, string code, string apiOperation, string messageStart, params string[] arguments)
        {
            await scenario.CheckAsync(operation, async () =>
            {
                var result = await cli.RunAsync(arguments);
                var expected = $"An error occurred ({code}) when calling the {apiOperation} operation: {messageStart}";
                Assert.True(result.StandardError.Trim().StartsWith(expected.TrimEnd(), StringComparison.Ordinal), $"expected stderr to start with '{expected}': {result.Describe()}");
                if (result.ExitCode != errorExitCode)
                {
                    errors.Add($"{code}: exit code {result.ExitCode}, expected {errorExitCode}");
                }
            });
        }

        var oversized = environment.Files.File($"cli-v{major}-oversized");
        await File.WriteAllBytesAsync(oversized, new byte[5000]);
        await ExpectErrorAsync(OperationNames.NotFound, aws, "NotFoundException", "DescribeKey",
            $"Alias arn:aws:kms:us-east-1:{account}:alias/compatibility-does-not-exist is not found.", "kms", "describe-key", "--key-id", "alias/compatibility-does-not-exist");
        await ExpectErrorAsync(OperationNames.InvalidCiphertext, aws, "InvalidCiphertextException", "Decrypt", string.Empty,
            "kms", "decrypt", "--ciphertext-blob", "fileb://" + ciphertextFile, "--encryption-context", "purpose=other");
        await ExpectErrorAsync(OperationNames.Validation, aws, "ValidationException", "Encrypt", "1 validation error detected: Value at 'plaintext'",
            "kms", "encrypt", "--key-id", keyId, "--plaintext", "fileb://" + oversized);
        await ExpectErrorAsync(OperationNames.AccessDenied, denied, "AccessDeniedException", "Encrypt",
            $"User: arn:aws:iam::{account}:user/{CompatibilityEnvironment.DeniedUser} is not authorized to perform: kms:Encrypt",
            "kms", "encrypt", "--key-id", $"arn:aws:kms:us-east-1:{account}:key/{keyId}", "--plaintext", "fileb://" + plaintextFile);
        await aws.RunSuccessfullyAsync("kms", "disable-key", "--key-id", keyId);
        await ExpectErrorAsync(OperationNames.Disabled, aws, "DisabledException", "Encrypt", $"arn:aws:kms:us-east-1:{account}:key/{keyId} is disabled.",
            "kms", "encrypt", "--key-id", keyId, "--plaintext", "fileb://" + plaintextFile);
        await scenario.CheckAsync(OperationNames.CliErrorMessage, () => Assert.True(errors.Count == 0, string.Join("\n", errors)));
        scenario.AssertAllPassed();
    }

    private static async Task<string> DecryptAsync(AwsCli aws, string ciphertextFile, string context)
    {
        var output = await aws.RunSuccessfullyAsync("kms", "decrypt", "--ciphertext-blob", "fileb://" + ciphertextFile,
            "--encryption-context", context, "--query", "Plaintext", "--output", "text");
        return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(output.Trim()));
    }
}

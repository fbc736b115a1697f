using System.Security.Cryptography;
using Amazon.KeyManagementService.Model;
using Keyhold.CompatibilityTests.Infrastructure;

namespace Keyhold.CompatibilityTests;

/// <summary>
/// The AWS Encryption SDK for JavaScript (@aws-crypto/client-node) with KMS keyrings on Keyhold: it wants ARN key
/// ids, checks that Decrypt answers with the key it asked for and that data keys have the suite's exact length.
/// </summary>
[Collection(CompatibilitySuite.Name)]
public sealed class EncryptionSdkTests(CompatibilityEnvironment environment)
{
    private const int FileSize = 4 * 1024 * 1024;

    [Fact]
    public async Task EncryptionSdk_MultiMegabyteFile_EncryptsAndDecryptsAcrossKeyringsAndRotation()
    {
        await ClientTools.EnsureJavaScriptPackagesAsync();
        using var kms = environment.CreateDotnetClient();
        var keyA = (await kms.CreateKeyAsync(new CreateKeyRequest { Description = "compatibility: encryption SDK A" }).WaitAsync(TestTimeouts.Request)).KeyMetadata.Arn;
        var keyB = (await kms.CreateKeyAsync(new CreateKeyRequest { Description = "compatibility: encryption SDK B" }).WaitAsync(TestTimeouts.Request)).KeyMetadata.Arn;
        var work = Directory.CreateDirectory(environment.Files.File("encryption-sdk")).FullName;
        var input = Path.Combine(work, "input.bin");
        await File.WriteAllBytesAsync(input, RandomNumberGenerator.GetBytes(FileSize));

        var report = await ClientScript.RunAsync(ClientTools.Node, Path.Combine(RepositoryPaths.JavaScriptClients, "esdk-scenario.mjs"),
            environment.Administrator, environment.Server.Endpoint, new Dictionary<string, string>
            {
                ["KEY_A_ARN"] = keyA,
                ["KEY_B_ARN"] = keyB,
                ["INPUT_FILE"] = input,
                ["WORK_DIR"] = work,
            });

        var scenario = new ClientScenario(environment.Results, ClientNames.EncryptionSdk);
        await scenario.CheckAsync(OperationNames.EsdkFile, () =>
        {
            Assert.True(report.Bool("EncryptDecrypt", "matches"));
            Assert.True(report.Bool("EncryptDecrypt", "contextKept"));
            Assert.Equal(1, report.Int("EncryptDecrypt", "encryptedDataKeys"));
        });
        await scenario.CheckAsync(OperationNames.EsdkMultiKeyring, () =>
        {
            Assert.Equal(2, report.Int("MultiKeyring", "encryptedDataKeys"));
            Assert.True(report.Bool("MultiKeyring", "matchesWithKeyA"));
            Assert.True(report.Bool("MultiKeyring", "matchesWithKeyB"));
            Assert.True(report.Bool("MultiKeyring", "contextKept"));
        });
        await scenario.CheckAsync(OperationNames.EsdkAfterRotation, async () =>
        {
            Assert.True(report.Bool("DecryptAfterRotation", "oldMessageMatches"));
            Assert.True(report.Bool("DecryptAfterRotation", "newMessageMatches"));
            var rotations = await kms.ListKeyRotationsAsync(new ListKeyRotationsRequest { KeyId = keyA }).WaitAsync(TestTimeouts.Request);
            Assert.Single(rotations.Rotations);
        });
        scenario.AssertAllPassed();
    }
}

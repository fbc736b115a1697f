using System.Net;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;
using Keyhold.CompatibilityTests.Infrastructure;

namespace Keyhold.CompatibilityTests;

/// <summary>
/// The AWS SDK for .NET (AWSSDK.KeyManagementService): the KMS model's errors arrive as their typed exceptions;
/// ValidationException and AccessDeniedException (not in the KMS model) as AmazonKeyManagementServiceException with
/// that ErrorCode, as against AWS.
/// </summary>
[Collection(CompatibilitySuite.Name)]
public sealed class DotnetSdkTests(CompatibilityEnvironment environment)
{
    private static readonly Dictionary<string, string> Context = new() { ["purpose"] = "compatibility", ["client"] = "dotnet" };

    [Fact]
    public async Task KmsScenario_DotnetSdk_EveryOperationAndTypedErrors()
    {
        using var kms = environment.CreateDotnetClient();
        var scenario = new ClientScenario(environment.Results, ClientNames.DotnetSdk);
        const string alias = "alias/compat-dotnet";
        KeyMetadata key = null!;
        byte[] plaintext = "compatibility plaintext from the AWS SDK for .NET"u8.ToArray();
        MemoryStream ciphertext = null!;

        await scenario.CheckAsync(OperationNames.CreateKey, async () =>
        {
            key = (await kms.CreateKeyAsync(new CreateKeyRequest { Description = "compatibility: dotnet" }).WaitAsync(TestTimeouts.Request)).KeyMetadata;
            Assert.Equal($"arn:aws:kms:us-east-1:{environment.Server.AccountId}:key/{key.KeyId}", key.Arn);
            Assert.Equal(KeySpec.SYMMETRIC_DEFAULT, key.KeySpec);
        });
        await scenario.CheckAsync(OperationNames.CreateAlias, async () =>
        {
            await kms.CreateAliasAsync(alias, key.KeyId).WaitAsync(TestTimeouts.Request);
            var described = await kms.DescribeKeyAsync(alias).WaitAsync(TestTimeouts.Request);
            Assert.Equal(key.KeyId, described.KeyMetadata.KeyId);
        });
        await scenario.CheckAsync(OperationNames.EncryptDecrypt, async () =>
        {
            var encrypted = await kms.EncryptAsync(new EncryptRequest { KeyId = alias, Plaintext = new MemoryStream(plaintext), EncryptionContext = Context }).WaitAsync(TestTimeouts.Request);
            ciphertext = encrypted.CiphertextBlob;
            Assert.Equal(key.Arn, encrypted.KeyId);
            var decrypted = await DecryptAsync(kms, ciphertext, Context);
            Assert.Equal(plaintext, decrypted.Plaintext.ToArray());
            Assert.Equal(key.Arn, decrypted.KeyId);
        });
        await scenario.CheckAsync(OperationNames.GenerateDataKey, async () =>
        {
            var dataKey = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.Arn, KeySpec = DataKeySpec.AES_256, EncryptionContext = Context }).WaitAsync(TestTimeouts.Request);
            Assert.Equal(32, dataKey.Plaintext.Length);
            var decrypted = await DecryptAsync(kms, dataKey.CiphertextBlob, Context);
            Assert.Equal(dataKey.Plaintext.ToArray(), decrypted.Plaintext.ToArray());
        });
        await scenario.CheckAsync(OperationNames.EnableKeyRotation, async () =>
        {
            await kms.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = key.KeyId, RotationPeriodInDays = 90 }).WaitAsync(TestTimeouts.Request);
            var status = await kms.GetKeyRotationStatusAsync(new GetKeyRotationStatusRequest { KeyId = key.KeyId }).WaitAsync(TestTimeouts.Request);
            Assert.True(status.KeyRotationEnabled);
            Assert.Equal(90, status.RotationPeriodInDays);
        });
        await scenario.CheckAsync(OperationNames.RotateKeyOnDemand, async () =>
        {
            await kms.RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = key.KeyId }).WaitAsync(TestTimeouts.Request);
            var rotations = await kms.ListKeyRotationsAsync(new ListKeyRotationsRequest { KeyId = key.KeyId }).WaitAsync(TestTimeouts.Request);
            Assert.Single(rotations.Rotations);
            ciphertext.Position = 0;
            Assert.Equal(plaintext, (await DecryptAsync(kms, ciphertext, Context)).Plaintext.ToArray());
        });
        await scenario.CheckAsync(OperationNames.ListKeysPagination, async () =>
        {
            // The SDK's own paginator follows NextMarker.
            var ids = new List<string>();
            var pages = 0;
            await foreach (var page in kms.Paginators.ListKeys(new ListKeysRequest { Limit = 2 }).Responses.WithCancellation(CancellationToken.None))
            {
                pages++;
                ids.AddRange(page.Keys.Select(k => k.KeyId));
            }

            Assert.True(pages >= 3, $"pages: {pages}");
            Assert.Contains(key.KeyId, ids);
            Assert.Equal(ids.Count, ids.Distinct().Count());
        });
        await scenario.CheckAsync(OperationNames.NotFound, async () =>
        {
            var error = await Assert.ThrowsAsync<NotFoundException>(() => kms.DescribeKeyAsync("alias/compatibility-does-not-exist").WaitAsync(TestTimeouts.Request));
            Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
            Assert.Contains("is not found", error.Message, StringComparison.Ordinal);
        });
        await scenario.CheckAsync(OperationNames.InvalidCiphertext, async () =>
        {
            ciphertext.Position = 0;
            await Assert.ThrowsAsync<InvalidCiphertextException>(() => DecryptAsync(kms, ciphertext, new Dictionary<string, string> { ["purpose"] = "other" }));
        });
        await scenario.CheckAsync(OperationNames.Validation, async () =>
        {
            var error = await Assert.ThrowsAsync<AmazonKeyManagementServiceException>(() =>
                kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream(new byte[5000]) }).WaitAsync(TestTimeouts.Request));
            Assert.Equal("ValidationException", error.ErrorCode);
            Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        });
        await scenario.CheckAsync(OperationNames.AccessDenied, async () =>
        {
            using var denied = new AmazonKeyManagementServiceClient(
                new BasicAWSCredentials(environment.Denied.AccessKeyId, environment.Denied.SecretAccessKey),
                new AmazonKeyManagementServiceConfig { ServiceURL = environment.Server.Endpoint.ToString(), AuthenticationRegion = KmsClients.Region, MaxErrorRetry = 0 });
            var error = await Assert.ThrowsAsync<AmazonKeyManagementServiceException>(() =>
                denied.EncryptAsync(new EncryptRequest { KeyId = key.Arn, Plaintext = new MemoryStream(plaintext) }).WaitAsync(TestTimeouts.Request));
            Assert.Equal("AccessDeniedException", error.ErrorCode);
            Assert.Contains($"user/{CompatibilityEnvironment.DeniedUser} is not authorized", error.Message, StringComparison.Ordinal);
        });
        await scenario.CheckAsync(OperationNames.Disabled, async () =>
        {
            await kms.DisableKeyAsync(key.KeyId).WaitAsync(TestTimeouts.Request);
            await Assert.ThrowsAsync<DisabledException>(() =>
                kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream(plaintext) }).WaitAsync(TestTimeouts.Request));
        });
        scenario.AssertAllPassed();
    }

    private static Task<DecryptResponse> DecryptAsync(AmazonKeyManagementServiceClient kms, MemoryStream ciphertext, Dictionary<string, string> context) =>
        kms.DecryptAsync(new DecryptRequest { CiphertextBlob = ciphertext, EncryptionContext = context }).WaitAsync(TestTimeouts.Request);
}

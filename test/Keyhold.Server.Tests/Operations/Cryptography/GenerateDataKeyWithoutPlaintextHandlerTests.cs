using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Server.Tests.Infrastructure;

namespace Keyhold.Server.Tests.Operations.Cryptography;

public sealed class GenerateDataKeyWithoutPlaintextHandlerTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly AmazonKeyManagementServiceClient _client = fixture.Server.CreateClient();

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task GenerateDataKeyWithoutPlaintext_Aes256_ReturnsOnlyABlobOf32Bytes()
    {
        var key = await _client.CreateTestKeyAsync();

        var response = await _client.GenerateDataKeyWithoutPlaintextAsync(
            new GenerateDataKeyWithoutPlaintextRequest { KeyId = key.KeyId, KeySpec = DataKeySpec.AES_256 }).WithTimeout();

        Assert.Equal(key.Arn, response.KeyId);
        Assert.Equal(key.CurrentKeyMaterialId, response.KeyMaterialId);
        Assert.Equal(32, (await _client.DecryptBytesAsync(response.CiphertextBlob.ToArray())).Length);
        Assert.DoesNotContain("Plaintext", typeof(GenerateDataKeyWithoutPlaintextResponse).GetProperties().Select(p => p.Name));
    }

    [Fact]
    public async Task GenerateDataKeyWithoutPlaintext_RawResponse_HasNoPlaintextMember()
    {
        // The SDK's response type has no Plaintext member at all, so only the wire shows that none was sent.
        await using var server = await TestServer.StartAsync(dev: true);
        using var client = server.CreateClient();
        var key = await client.CreateTestKeyAsync();
        using var http = new HttpClient();
        using var request = DevRequest.Create(
            server.Endpoint, "TrentService.GenerateDataKeyWithoutPlaintext", $"{{\"KeyId\":\"{key.KeyId}\",\"KeySpec\":\"AES_128\"}}");

        using var response = await http.SendAsync(request).WithTimeout();
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync().WithTimeout());

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["CiphertextBlob", "KeyId", "KeyMaterialId"], body.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var blob = body.RootElement.GetProperty("CiphertextBlob").GetBytesFromBase64();
        Assert.Equal(16, (await client.DecryptBytesAsync(blob)).Length);
    }

    [Fact]
    public async Task GenerateDataKeyWithoutPlaintext_NumberOfBytesAndContext_BlobDecryptsWithTheContext()
    {
        var key = await _client.CreateTestKeyAsync();
        var context = new Dictionary<string, string> { ["purpose"] = "later" };

        var response = await _client.GenerateDataKeyWithoutPlaintextAsync(new GenerateDataKeyWithoutPlaintextRequest
        {
            KeyId = key.Arn,
            NumberOfBytes = 64,
            EncryptionContext = context,
        }).WithTimeout();

        Assert.Equal(64, (await _client.DecryptBytesAsync(response.CiphertextBlob.ToArray(), context)).Length);
    }

    [Fact]
    public async Task GenerateDataKeyWithoutPlaintext_KeySpecAndNumberOfBytes_ThrowsValidation()
    {
        var key = await _client.CreateTestKeyAsync();

        await KmsAssert.ValidationAsync(() => _client.GenerateDataKeyWithoutPlaintextAsync(
            new GenerateDataKeyWithoutPlaintextRequest { KeyId = key.KeyId, KeySpec = DataKeySpec.AES_128, NumberOfBytes = 16 }));
    }

    [Fact]
    public async Task GenerateDataKeyWithoutPlaintext_NeitherKeySpecNorNumberOfBytes_ThrowsValidation()
    {
        var key = await _client.CreateTestKeyAsync();

        await KmsAssert.ValidationAsync(() => _client.GenerateDataKeyWithoutPlaintextAsync(new GenerateDataKeyWithoutPlaintextRequest { KeyId = key.KeyId }));
    }

    [Fact]
    public async Task GenerateDataKeyWithoutPlaintext_DryRun_ThrowsDryRunOperation()
    {
        var key = await _client.CreateTestKeyAsync();

        await KmsAssert.ThrowsAsync<DryRunOperationException>(
            () => _client.GenerateDataKeyWithoutPlaintextAsync(
                new GenerateDataKeyWithoutPlaintextRequest { KeyId = key.KeyId, KeySpec = DataKeySpec.AES_256, DryRun = true }),
            "The request would have succeeded, but the DryRun option is set.");
    }
}

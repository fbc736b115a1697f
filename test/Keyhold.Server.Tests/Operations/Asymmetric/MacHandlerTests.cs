using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Server.Tests.Infrastructure;

namespace Keyhold.Server.Tests.Operations.Asymmetric;

/// <summary>HMAC keys: GenerateMac and VerifyMac through the AWS SDK.</summary>
public sealed class MacHandlerTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly AmazonKeyManagementServiceClient _client = fixture.Server.CreateClient();

    public void Dispose() => _client.Dispose();

    [Theory]
    [InlineData("HMAC_224", "HMAC_SHA_224", 28)]
    [InlineData("HMAC_256", "HMAC_SHA_256", 32)]
    [InlineData("HMAC_384", "HMAC_SHA_384", 48)]
    [InlineData("HMAC_512", "HMAC_SHA_512", 64)]
    public async Task GenerateMac_ThenVerifyMac_AcceptsItAndRejectsAnyOneBitChange(string keySpec, string algorithm, int length)
    {
        var key = await CreateAsync(keySpec);
        var message = RandomNumberGenerator.GetBytes(100);

        var mac = (await _client.GenerateMacAsync(new GenerateMacRequest { KeyId = key.KeyId, Message = new MemoryStream(message), MacAlgorithm = algorithm }).WithTimeout()).Mac.ToArray();
        var verified = await _client.VerifyMacAsync(new VerifyMacRequest { KeyId = key.KeyId, Message = new MemoryStream(message), MacAlgorithm = algorithm, Mac = new MemoryStream(mac) }).WithTimeout();

        Assert.Equal(length, mac.Length);
        Assert.True(verified.MacValid);
        var flippedMessage = (byte[])message.Clone();
        flippedMessage[7] ^= 0x01;
        var flippedMac = (byte[])mac.Clone();
        flippedMac[^1] ^= 0x80;
        await KmsAssert.ThrowsAsync<KMSInvalidMacException>(
            () => _client.VerifyMacAsync(new VerifyMacRequest { KeyId = key.KeyId, Message = new MemoryStream(flippedMessage), MacAlgorithm = algorithm, Mac = new MemoryStream(mac) }));
        await KmsAssert.ThrowsAsync<KMSInvalidMacException>(
            () => _client.VerifyMacAsync(new VerifyMacRequest { KeyId = key.KeyId, Message = new MemoryStream(message), MacAlgorithm = algorithm, Mac = new MemoryStream(flippedMac) }));
    }

    [Fact]
    public async Task GenerateMac_TwoKeys_GiveDifferentMacs()
    {
        var first = await CreateAsync("HMAC_256");
        var second = await CreateAsync("HMAC_256");

        var a = await _client.GenerateMacAsync(new GenerateMacRequest { KeyId = first.KeyId, Message = new MemoryStream([1, 2]), MacAlgorithm = MacAlgorithmSpec.HMAC_SHA_256 }).WithTimeout();
        var b = await _client.GenerateMacAsync(new GenerateMacRequest { KeyId = second.KeyId, Message = new MemoryStream([1, 2]), MacAlgorithm = MacAlgorithmSpec.HMAC_SHA_256 }).WithTimeout();

        Assert.NotEqual(a.Mac.ToArray(), b.Mac.ToArray());
        Assert.Equal(["HMAC_SHA_256"], first.MacAlgorithms);
    }

    [Fact]
    public async Task GenerateMac_ErrorPaths_AnswerAwsErrors()
    {
        var key = await CreateAsync("HMAC_224");
        var symmetric = await _client.CreateTestKeyAsync();

        await KmsAssert.ThrowsAsync<InvalidKeyUsageException>(
            () => _client.GenerateMacAsync(new GenerateMacRequest { KeyId = key.KeyId, Message = new MemoryStream([1]), MacAlgorithm = MacAlgorithmSpec.HMAC_SHA_256 }),
            "Algorithm HMAC_SHA_256 is incompatible with key spec HMAC_224.");
        await KmsAssert.ThrowsAsync<InvalidKeyUsageException>(
            () => _client.GenerateMacAsync(new GenerateMacRequest { KeyId = symmetric.KeyId, Message = new MemoryStream([1]), MacAlgorithm = MacAlgorithmSpec.HMAC_SHA_256 }),
            $"{symmetric.Arn} key usage is ENCRYPT_DECRYPT which is not valid for GenerateMac.");
        await _client.DisableKeyAsync(new DisableKeyRequest { KeyId = key.KeyId }).WithTimeout();
        await KmsAssert.ThrowsAsync<DisabledException>(
            () => _client.GenerateMacAsync(new GenerateMacRequest { KeyId = key.KeyId, Message = new MemoryStream([1]), MacAlgorithm = MacAlgorithmSpec.HMAC_SHA_224 }));
    }

    private async Task<KeyMetadata> CreateAsync(string keySpec) =>
        (await _client.CreateKeyAsync(new CreateKeyRequest { KeySpec = keySpec, KeyUsage = KeyUsageType.GENERATE_VERIFY_MAC }).WithTimeout()).KeyMetadata;
}

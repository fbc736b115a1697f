using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Server.Tests.Infrastructure;

namespace Keyhold.Server.Tests.Operations.Cryptography;

public sealed class GenerateRandomHandlerTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly AmazonKeyManagementServiceClient _client = fixture.Server.CreateClient();

    public void Dispose() => _client.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(12)]
    [InlineData(1024)]
    public async Task GenerateRandom_NumberOfBytes_ReturnsThatManyBytes(int size)
    {
        var response = await _client.GenerateRandomAsync(new GenerateRandomRequest { NumberOfBytes = size }).WithTimeout();

        Assert.Equal(size, response.Plaintext.Length);
    }

    [Fact]
    public async Task GenerateRandom_TwoCalls_ReturnDifferentBytes()
    {
        var first = await _client.GenerateRandomAsync(new GenerateRandomRequest { NumberOfBytes = 32 }).WithTimeout();
        var second = await _client.GenerateRandomAsync(new GenerateRandomRequest { NumberOfBytes = 32 }).WithTimeout();

        Assert.NotEqual(first.Plaintext.ToArray(), second.Plaintext.ToArray());
    }

    [Theory]
    [InlineData(0, "greater than or equal to 1")]
    [InlineData(1025, "less than or equal to 1024")]
    public async Task GenerateRandom_NumberOfBytesOutOfRange_ThrowsRecordedValidation(int size, string constraint)
    {
        await KmsAssert.ValidationAsync(
            () => _client.GenerateRandomAsync(new GenerateRandomRequest { NumberOfBytes = size }),
            $"1 validation error detected: Value '{size}' at 'numberOfBytes' failed to satisfy constraint: Member must have value {constraint}");
    }

    [Fact]
    public async Task GenerateRandom_NumberOfBytesMissing_ThrowsRecordedValidation()
    {
        await KmsAssert.ValidationAsync(() => _client.GenerateRandomAsync(new GenerateRandomRequest()), "NumberOfBytes is required.");
    }
}

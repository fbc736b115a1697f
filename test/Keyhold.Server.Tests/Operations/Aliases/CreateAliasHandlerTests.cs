using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Server.Tests.Infrastructure;

namespace Keyhold.Server.Tests.Operations.Aliases;

public sealed class CreateAliasHandlerTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly TestServer _server = fixture.Server;
    private readonly AmazonKeyManagementServiceClient _client = fixture.Server.CreateClient();

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task CreateAlias_NewName_AliasNamesTheKeyEverywhere()
    {
        var key = await _client.CreateTestKeyAsync();
        var alias = NewAlias();

        await _client.CreateAliasForAsync(alias, key.KeyId);

        Assert.Equal(key.KeyId, (await _client.DescribeAsync(alias)).KeyId);
        var ciphertext = await _client.EncryptBytesAsync(alias, [1, 2, 3]);
        Assert.Equal([1, 2, 3], await _client.DecryptBytesAsync(ciphertext, keyId: alias));
        var entry = Assert.Single(await _client.ListAllAliasesAsync(key.KeyId));
        Assert.Equal(alias, entry.AliasName);
        Assert.Equal(key.KeyId, entry.TargetKeyId);
    }

    [Fact]
    public async Task CreateAlias_TargetByArn_Succeeds()
    {
        var key = await _client.CreateTestKeyAsync();
        var alias = NewAlias();

        await _client.CreateAliasForAsync(alias, key.Arn);

        Assert.Equal(key.KeyId, (await _client.DescribeAsync(alias)).KeyId);
    }

    [Fact]
    public async Task CreateAlias_ExistingName_ThrowsAlreadyExists()
    {
        var key = await _client.CreateTestKeyAsync();
        var other = await _client.CreateTestKeyAsync();
        var alias = NewAlias();
        await _client.CreateAliasForAsync(alias, key.KeyId);

        await KmsAssert.ThrowsAsync<AlreadyExistsException>(
            () => _client.CreateAliasAsync(new CreateAliasRequest { AliasName = alias, TargetKeyId = other.KeyId }),
            $"An alias with the name arn:aws:kms:us-east-1:{_server.AccountId}:{alias} already exists");
        Assert.Equal(key.KeyId, (await _client.DescribeAsync(alias)).KeyId);
    }

    [Theory]
    [InlineData("alias/aws/x")]
    [InlineData("alias/aws/s3")]
    public async Task CreateAlias_AwsReservedPrefix_ThrowsInvalidAliasName(string alias)
    {
        var key = await _client.CreateTestKeyAsync();

        await KmsAssert.ThrowsAsync<InvalidAliasNameException>(() => _client.CreateAliasAsync(new CreateAliasRequest { AliasName = alias, TargetKeyId = key.KeyId }));
    }

    [Theory]
    [InlineData("my-alias")]
    [InlineData("alias/")]
    [InlineData("Alias/upper")]
    public async Task CreateAlias_WithoutAliasPrefix_ThrowsRecordedValidation(string alias)
    {
        var key = await _client.CreateTestKeyAsync();

        await KmsAssert.ValidationAsync(
            () => _client.CreateAliasAsync(new CreateAliasRequest { AliasName = alias, TargetKeyId = key.KeyId }),
            "Alias must start with the prefix \"alias/\". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html");
    }

    [Fact]
    public async Task CreateAlias_NameWithColon_ThrowsValidation()
    {
        var key = await _client.CreateTestKeyAsync();

        await KmsAssert.ValidationAsync(
            () => _client.CreateAliasAsync(new CreateAliasRequest { AliasName = "alias/my:alias", TargetKeyId = key.KeyId }),
            "alias/my:alias contains invalid characters for an alias");
    }

    [Theory]
    [InlineData("alias/has space")]
    [InlineData("alias/ünïcode")]
    public async Task CreateAlias_NameOutsideModelPattern_ThrowsValidation(string alias)
    {
        // Passed as data: the SDK's analyzer rejects a literal that breaks the pattern at compile time.
        var key = await _client.CreateTestKeyAsync();

        await KmsAssert.ValidationAsync(
            () => _client.CreateAliasAsync(new CreateAliasRequest { AliasName = alias, TargetKeyId = key.KeyId }),
            $"1 validation error detected: Value '{alias}' at 'aliasName' failed to satisfy constraint: "
            + "Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$");
    }

    [Fact]
    public async Task CreateAlias_TargetGivenAsAlias_ThrowsNotFound()
    {
        var key = await _client.CreateTestKeyAsync();
        var existing = NewAlias();
        await _client.CreateAliasForAsync(existing, key.KeyId);

        await KmsAssert.ThrowsAsync<NotFoundException>(
            () => _client.CreateAliasAsync(new CreateAliasRequest { AliasName = NewAlias(), TargetKeyId = existing }),
            $"Invalid keyId '{existing}'");
    }

    [Fact]
    public async Task CreateAlias_UnknownTarget_ThrowsNotFound()
    {
        var keyId = Guid.NewGuid().ToString();

        await KmsAssert.ThrowsAsync<NotFoundException>(
            () => _client.CreateAliasAsync(new CreateAliasRequest { AliasName = NewAlias(), TargetKeyId = keyId }),
            $"Key 'arn:aws:kms:us-east-1:{_server.AccountId}:key/{keyId}' does not exist");
    }

    [Fact]
    public async Task CreateAlias_SameNameInAnotherRegion_IsIndependent()
    {
        using var euClient = _server.CreateClient(region: "eu-west-1");
        var key = await _client.CreateTestKeyAsync();
        var euKey = await euClient.CreateTestKeyAsync();
        var alias = NewAlias();

        await _client.CreateAliasForAsync(alias, key.KeyId);
        await euClient.CreateAliasForAsync(alias, euKey.KeyId);

        Assert.Equal(key.Arn, (await _client.DescribeAsync(alias)).Arn);
        Assert.Equal(euKey.Arn, (await euClient.DescribeAsync(alias)).Arn);
    }

    private static string NewAlias() => $"alias/create-{Guid.NewGuid():N}";
}

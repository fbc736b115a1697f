using System.Text.RegularExpressions;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Server.Tests.Infrastructure;

namespace Keyhold.Server.Tests.Operations.Keys;

public sealed partial class CreateKeyHandlerTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly TestServer _server = fixture.Server;
    private readonly AmazonKeyManagementServiceClient _client = fixture.Server.CreateClient();
    private readonly string _accountId = fixture.Server.AccountId;

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task CreateKey_NoParameters_ReturnsAwsDefaultMetadata()
    {
        var before = DateTime.UtcNow;
        var metadata = (await _client.CreateKeyAsync(new CreateKeyRequest()).WithTimeout()).KeyMetadata;
        var after = DateTime.UtcNow;

        Assert.Matches(KeyIdPattern(), metadata.KeyId);
        Assert.Equal(_server.AccountId, metadata.AWSAccountId);
        Assert.Equal($"arn:aws:kms:us-east-1:{_server.AccountId}:key/{metadata.KeyId}", metadata.Arn);
        Assert.True(metadata.Enabled);
        Assert.Equal(KeyState.Enabled, metadata.KeyState);
        Assert.Equal(KeyManagerType.CUSTOMER, metadata.KeyManager);
        Assert.Equal(OriginType.AWS_KMS, metadata.Origin);
        Assert.Equal(KeySpec.SYMMETRIC_DEFAULT, metadata.KeySpec);
#pragma warning disable CS0618 // Deprecated by AWS but still returned; clients written against it must keep working.
        Assert.Equal(CustomerMasterKeySpec.SYMMETRIC_DEFAULT, metadata.CustomerMasterKeySpec);
#pragma warning restore CS0618
        Assert.Equal(KeyUsageType.ENCRYPT_DECRYPT, metadata.KeyUsage);
        Assert.Equal(["SYMMETRIC_DEFAULT"], metadata.EncryptionAlgorithms);
        Assert.False(metadata.MultiRegion);
        Assert.Matches(MaterialIdPattern(), metadata.CurrentKeyMaterialId);
        Assert.Equal(string.Empty, metadata.Description);
        Assert.InRange(metadata.CreationDate!.Value.ToUniversalTime(), before.AddSeconds(-1), after.AddSeconds(1));

        // Members AWS leaves out for a symmetric, single-Region, AWS_KMS key.
        Assert.Null(metadata.DeletionDate);
        Assert.Null(metadata.PendingDeletionWindowInDays);
        Assert.Null(metadata.SigningAlgorithms);
        Assert.Null(metadata.MacAlgorithms);
        Assert.Null(metadata.MultiRegionConfiguration);
        Assert.Null(metadata.ValidTo);
        Assert.Null(metadata.CustomKeyStoreId);
    }

    [Fact]
    public async Task CreateKey_NoParameters_DescribeKeyReturnsSameMetadata()
    {
        var created = await _client.CreateTestKeyAsync();

        var described = await _client.DescribeAsync(created.KeyId);

        Assert.Equal(created.Arn, described.Arn);
        Assert.Equal(created.CreationDate, described.CreationDate);
        Assert.Equal(created.CurrentKeyMaterialId, described.CurrentKeyMaterialId);
        Assert.Equal(created.KeyState, described.KeyState);
        Assert.Equal(created.EncryptionAlgorithms, described.EncryptionAlgorithms);
    }

    [Fact]
    public async Task CreateKey_TwoKeys_GetDistinctIdsAndMaterialIds()
    {
        var first = await _client.CreateTestKeyAsync();
        var second = await _client.CreateTestKeyAsync();

        Assert.NotEqual(first.KeyId, second.KeyId);
        Assert.NotEqual(first.CurrentKeyMaterialId, second.CurrentKeyMaterialId);
    }

    [Fact]
    public async Task CreateKey_WithDescription_DescribeKeyReturnsIt()
    {
        var created = await _client.CreateTestKeyAsync("payments: invoices 2026");

        Assert.Equal("payments: invoices 2026", created.Description);
        Assert.Equal("payments: invoices 2026", (await _client.DescribeAsync(created.KeyId)).Description);
    }

    [Fact]
    public async Task CreateKey_WithTags_ListResourceTagsReturnsThem()
    {
        var created = (await _client.CreateKeyAsync(new CreateKeyRequest
        {
            Tags = [new Tag { TagKey = "team", TagValue = "payments" }, new Tag { TagKey = "env", TagValue = string.Empty }],
        }).WithTimeout()).KeyMetadata;

        var tags = await _client.ListTagsAsync(created.KeyId);

        Assert.Equal(new Dictionary<string, string> { ["env"] = string.Empty, ["team"] = "payments" }, tags);
    }

    [Fact]
    public async Task CreateKey_WithPolicy_GetKeyPolicyReturnsItVerbatim()
    {
        // Unusual spacing and key order: the policy must come back byte for byte, not re-serialized.
        var policy = "{ \"Version\":\"2012-10-17\",\n\t\"Statement\" : [{\"Sid\":\"root\",\"Effect\":\"Allow\","
            + $"\"Principal\":{{\"AWS\":\"arn:aws:iam::{_accountId}:root\"}},\"Action\":\"kms:*\",\"Resource\":\"*\"}}]   }}";
        var created = (await _client.CreateKeyAsync(new CreateKeyRequest { Policy = policy }).WithTimeout()).KeyMetadata;

        Assert.Equal(policy, await _client.GetPolicyAsync(created.KeyId));
    }

    [Fact]
    public async Task CreateKey_WithoutPolicy_GetsAwsDefaultPolicy()
    {
        var created = await _client.CreateTestKeyAsync();

        var expected = "{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\",\n  \"Statement\" : [ {\n"
            + "    \"Sid\" : \"Enable IAM User Permissions\",\n    \"Effect\" : \"Allow\",\n    \"Principal\" : {\n"
            + $"      \"AWS\" : \"arn:aws:iam::{_server.AccountId}:root\"\n    }},\n    \"Action\" : \"kms:*\",\n"
            + "    \"Resource\" : \"*\"\n  } ]\n}";
        Assert.Equal(expected, await _client.GetPolicyAsync(created.KeyId));
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("{\"Version\":\"2012-10-17\"}")]
    [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\"}]}")]
    public async Task CreateKey_MalformedPolicy_ThrowsMalformedPolicyDocument(string policy)
    {
        var before = await _client.ListAllKeyIdsAsync();

        await KmsAssert.ThrowsAsync<MalformedPolicyDocumentException>(() => _client.CreateKeyAsync(new CreateKeyRequest { Policy = policy }));

        Assert.Equal(before, await _client.ListAllKeyIdsAsync());
    }

    [Fact]
    public async Task CreateKey_AsymmetricKeySpecWithoutKeyUsage_ThrowsRecordedValidation()
    {
        await KmsAssert.ValidationAsync(
            () => _client.CreateKeyAsync(new CreateKeyRequest { KeySpec = KeySpec.RSA_2048 }),
            "You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.");
    }

    [Theory]
    [InlineData("RSA_2048", "SIGN_VERIFY", "RSASSA_PSS_SHA_256")]
    [InlineData("ECC_NIST_P256", "SIGN_VERIFY", "ECDSA_SHA_256")]
    [InlineData("ML_DSA_65", "SIGN_VERIFY", "ML_DSA_SHAKE_256")]
    [InlineData("HMAC_256", "GENERATE_VERIFY_MAC", "HMAC_SHA_256")]
    [InlineData("ECC_NIST_P384", "KEY_AGREEMENT", "ECDH")]
    public async Task CreateKey_NonSymmetricKeySpecWithKeyUsage_DescribesTheKeyAndItsAlgorithms(string keySpec, string keyUsage, string algorithm)
    {
        var created = (await _client.CreateKeyAsync(new CreateKeyRequest { KeySpec = keySpec, KeyUsage = keyUsage }).WithTimeout()).KeyMetadata;

        Assert.Equal(keySpec, created.KeySpec.Value);
        Assert.Equal(keyUsage, created.KeyUsage.Value);
        Assert.Contains(algorithm, (created.SigningAlgorithms ?? []).Concat(created.MacAlgorithms ?? []).Concat(created.KeyAgreementAlgorithms ?? []));
        Assert.Empty(created.EncryptionAlgorithms ?? []);
    }

    [Fact]
    public async Task CreateKey_SymmetricKeyWithSignVerifyUsage_ThrowsValidation()
    {
        await KmsAssert.ValidationAsync(
            () => _client.CreateKeyAsync(new CreateKeyRequest { KeyUsage = KeyUsageType.SIGN_VERIFY }),
            "KeyUsage SIGN_VERIFY is not compatible with KeySpec SYMMETRIC_DEFAULT");
    }

    [Fact]
    public async Task CreateKey_InvalidKeySpec_ThrowsValidationListingTheEnum()
    {
        // AWS's recorded order first, then the values KMS added after the recording, in model order.
        await KmsAssert.ValidationAsync(
            () => _client.CreateKeyAsync(new CreateKeyRequest { KeySpec = "HMAC_random" }),
            "1 validation error detected: Value 'HMAC_random' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: "
            + "[RSA_2048, ECC_NIST_P384, ECC_NIST_P256, ECC_NIST_P521, HMAC_384, RSA_3072, ECC_SECG_P256K1, RSA_4096, SYMMETRIC_DEFAULT, "
            + "HMAC_256, HMAC_224, HMAC_512, SM2, ML_DSA_44, ML_DSA_65, ML_DSA_87, ECC_NIST_EDWARDS25519]");
    }

    [Fact]
    public async Task CreateKey_InvalidKeyUsage_ThrowsValidationListingTheEnum()
    {
        await KmsAssert.ValidationAsync(
            () => _client.CreateKeyAsync(new CreateKeyRequest { KeyUsage = "RANDOM" }),
            "1 validation error detected: Value 'RANDOM' at 'keyUsage' failed to satisfy constraint: Member must satisfy enum value set: "
            + "[ENCRYPT_DECRYPT, SIGN_VERIFY, GENERATE_VERIFY_MAC, KEY_AGREEMENT]");
    }

    [Fact]
    public async Task CreateKey_MultiRegion_ThrowsUnsupportedOperation()
    {
        await KmsAssert.ThrowsAsync<UnsupportedOperationException>(() => _client.CreateKeyAsync(new CreateKeyRequest { MultiRegion = true }));
    }

    [Fact]
    public async Task CreateKey_FiftyOneTags_ThrowsTooManyTags()
    {
        var tags = Enumerable.Range(0, 51).Select(i => new Tag { TagKey = $"k{i}", TagValue = "v" }).ToList();

        await KmsAssert.ThrowsAsync<TagException>(() => _client.CreateKeyAsync(new CreateKeyRequest { Tags = tags }), "Too many tags");
    }

    [Theory]
    [InlineData("aws:team")]
    [InlineData("AWS:team")]
    public async Task CreateKey_AwsPrefixedTagKey_ThrowsReservedTag(string tagKey)
    {
        await KmsAssert.ThrowsAsync<TagException>(
            () => _client.CreateKeyAsync(new CreateKeyRequest { Tags = [new Tag { TagKey = tagKey, TagValue = "x" }] }),
            "Tags beginning with aws: are reserved");
    }

    [Fact]
    public async Task CreateKey_TagKeyTooLong_ThrowsRecordedValidation()
    {
        var key = new string('a', 129);

        await KmsAssert.ValidationAsync(
            () => _client.CreateKeyAsync(new CreateKeyRequest { Tags = [new Tag { TagKey = key, TagValue = "x" }] }),
            $"1 validation error detected: Value '{key}' at 'tags.1.member.tagKey' failed to satisfy constraint: Member must have length less than or equal to 128");
    }

    [Fact]
    public async Task CreateKey_TagValueTooLong_ThrowsRecordedValidation()
    {
        var value = new string('v', 257);

        await KmsAssert.ValidationAsync(
            () => _client.CreateKeyAsync(new CreateKeyRequest { Tags = [new Tag { TagKey = "ok", TagValue = value }] }),
            $"1 validation error detected: Value '{value}' at 'tags.1.member.tagValue' failed to satisfy constraint: Member must have length less than or equal to 256");
    }

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex KeyIdPattern();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex MaterialIdPattern();
}

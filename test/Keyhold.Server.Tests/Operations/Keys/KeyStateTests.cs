using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Server.Tests.Infrastructure;

namespace Keyhold.Server.Tests.Operations.Keys;

/// <summary>
/// EnableKey, DisableKey, ScheduleKeyDeletion, CancelKeyDeletion and UpdateKeyDescription, and what each key state
/// allows (AWS developer guide, "Key states of AWS KMS keys").
/// </summary>
public sealed class KeyStateTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private static readonly byte[] Data = "state rules"u8.ToArray();
    private readonly AmazonKeyManagementServiceClient _client = fixture.Server.CreateClient();

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task DisableKey_EnabledKey_DescribeKeyShowsDisabled()
    {
        var key = await _client.CreateTestKeyAsync();

        await _client.DisableAsync(key.KeyId);

        var described = await _client.DescribeAsync(key.KeyId);
        Assert.Equal(KeyState.Disabled, described.KeyState);
        Assert.False(described.Enabled);
    }

    [Fact]
    public async Task DisableKey_DisabledKey_RefusesEveryCryptographicOperation()
    {
        var key = await _client.CreateTestKeyAsync();
        var other = await _client.CreateTestKeyAsync();
        var ciphertext = await _client.EncryptBytesAsync(key.KeyId, Data);
        var otherCiphertext = await _client.EncryptBytesAsync(other.KeyId, Data);
        await _client.DisableAsync(key.KeyId);
        var disabled = $"{key.Arn} is disabled.";

        await KmsAssert.ThrowsAsync<DisabledException>(
            () => _client.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream(Data) }), disabled);
        await KmsAssert.ThrowsAsync<DisabledException>(
            () => _client.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.KeyId, KeySpec = DataKeySpec.AES_256 }), disabled);
        await KmsAssert.ThrowsAsync<DisabledException>(
            () => _client.GenerateDataKeyWithoutPlaintextAsync(new GenerateDataKeyWithoutPlaintextRequest { KeyId = key.KeyId, KeySpec = DataKeySpec.AES_256 }),
            disabled);
        await KmsAssert.ThrowsAsync<DisabledException>(() => _client.DecryptAsync(KmsClientExtensions.Decrypt(ciphertext)), disabled);
        await KmsAssert.ThrowsAsync<DisabledException>(
            () => _client.ReEncryptAsync(new ReEncryptRequest { CiphertextBlob = new MemoryStream(ciphertext), DestinationKeyId = other.KeyId }), disabled);
        await KmsAssert.ThrowsAsync<DisabledException>(
            () => _client.ReEncryptAsync(new ReEncryptRequest { CiphertextBlob = new MemoryStream(otherCiphertext), DestinationKeyId = key.KeyId }), disabled);
    }

    [Fact]
    public async Task EnableKey_DisabledKey_RestoresCryptography()
    {
        var key = await _client.CreateTestKeyAsync();
        var ciphertext = await _client.EncryptBytesAsync(key.KeyId, Data);
        await _client.DisableAsync(key.KeyId);

        await _client.EnableKeyAsync(new EnableKeyRequest { KeyId = key.KeyId }).WithTimeout();

        Assert.Equal(Data, await _client.DecryptBytesAsync(ciphertext));
        Assert.Equal(Data, await _client.DecryptBytesAsync(await _client.EncryptBytesAsync(key.KeyId, Data)));
        Assert.Equal(KeyState.Enabled, (await _client.DescribeAsync(key.KeyId)).KeyState);
    }

    [Fact]
    public async Task EnableKeyAndDisableKey_RepeatedOrByArn_AreIdempotent()
    {
        var key = await _client.CreateTestKeyAsync();

        await _client.EnableKeyAsync(new EnableKeyRequest { KeyId = key.Arn }).WithTimeout();
        await _client.DisableAsync(key.Arn);
        await _client.DisableAsync(key.KeyId);

        Assert.Equal(KeyState.Disabled, (await _client.DescribeAsync(key.KeyId)).KeyState);
    }

    [Fact]
    public async Task EnableKey_UnknownKey_ThrowsNotFound()
    {
        var keyId = Guid.NewGuid().ToString();

        await KmsAssert.ThrowsAsync<NotFoundException>(
            () => _client.EnableKeyAsync(new EnableKeyRequest { KeyId = keyId }),
            $"Key 'arn:aws:kms:us-east-1:{fixture.Server.AccountId}:key/{keyId}' does not exist");
    }

    [Fact]
    public async Task ScheduleKeyDeletion_NoWindow_DefaultsToThirtyDays()
    {
        var key = await _client.CreateTestKeyAsync();

        var before = DateTime.UtcNow;
        var response = await _client.ScheduleKeyDeletionAsync(new ScheduleKeyDeletionRequest { KeyId = key.KeyId }).WithTimeout();
        var after = DateTime.UtcNow;

        Assert.Equal(key.Arn, response.KeyId);
        Assert.Equal(KeyState.PendingDeletion, response.KeyState);
        Assert.Equal(30, response.PendingWindowInDays);
        Assert.InRange(response.DeletionDate!.Value.ToUniversalTime(), before.AddDays(30).AddSeconds(-1), after.AddDays(30).AddSeconds(1));
        var described = await _client.DescribeAsync(key.KeyId);
        Assert.Equal(KeyState.PendingDeletion, described.KeyState);
        Assert.False(described.Enabled);
        Assert.Equal(response.DeletionDate, described.DeletionDate);
        Assert.Equal(30, described.PendingDeletionWindowInDays);
    }

    [Fact]
    public async Task ScheduleKeyDeletion_SevenDays_SetsThatWindow()
    {
        var key = await _client.CreateTestKeyAsync();

        var before = DateTime.UtcNow;
        var response = await _client.ScheduleKeyDeletionAsync(new ScheduleKeyDeletionRequest { KeyId = key.Arn, PendingWindowInDays = 7 }).WithTimeout();

        Assert.Equal(7, response.PendingWindowInDays);
        Assert.InRange(response.DeletionDate!.Value.ToUniversalTime(), before.AddDays(7).AddSeconds(-1), DateTime.UtcNow.AddDays(7).AddSeconds(1));
    }

    [Theory]
    [InlineData(6)]
    [InlineData(31)]
    public async Task ScheduleKeyDeletion_WindowOutsideSevenToThirty_ThrowsValidation(int days)
    {
        var key = await _client.CreateTestKeyAsync();

        var error = await KmsAssert.ValidationAsync(
            () => _client.ScheduleKeyDeletionAsync(new ScheduleKeyDeletionRequest { KeyId = key.KeyId, PendingWindowInDays = days }));

        Assert.Contains($"Value '{days}' at 'pendingWindowInDays'", error.Message, StringComparison.Ordinal);
        Assert.Equal(KeyState.Enabled, (await _client.DescribeAsync(key.KeyId)).KeyState);
    }

    [Fact]
    public async Task ScheduleKeyDeletion_PendingKey_RefusesEveryCryptographicOperation()
    {
        var key = await _client.CreateTestKeyAsync();
        var other = await _client.CreateTestKeyAsync();
        var ciphertext = await _client.EncryptBytesAsync(key.KeyId, Data);
        var otherCiphertext = await _client.EncryptBytesAsync(other.KeyId, Data);
        await _client.ScheduleDeletionAsync(key.KeyId);
        var pending = $"{key.Arn} is pending deletion.";

        await KmsAssert.ThrowsAsync<KMSInvalidStateException>(
            () => _client.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream(Data) }), pending);
        await KmsAssert.ThrowsAsync<KMSInvalidStateException>(
            () => _client.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.KeyId, NumberOfBytes = 32 }), pending);
        await KmsAssert.ThrowsAsync<KMSInvalidStateException>(
            () => _client.GenerateDataKeyWithoutPlaintextAsync(new GenerateDataKeyWithoutPlaintextRequest { KeyId = key.KeyId, NumberOfBytes = 32 }), pending);
        await KmsAssert.ThrowsAsync<KMSInvalidStateException>(() => _client.DecryptAsync(KmsClientExtensions.Decrypt(ciphertext)), pending);
        await KmsAssert.ThrowsAsync<KMSInvalidStateException>(
            () => _client.ReEncryptAsync(new ReEncryptRequest { CiphertextBlob = new MemoryStream(ciphertext), DestinationKeyId = other.KeyId }), pending);
        await KmsAssert.ThrowsAsync<KMSInvalidStateException>(
            () => _client.ReEncryptAsync(new ReEncryptRequest { CiphertextBlob = new MemoryStream(otherCiphertext), DestinationKeyId = key.KeyId }), pending);
    }

    [Fact]
    public async Task ScheduleKeyDeletion_PendingKey_RefusesStateAndMetadataChanges()
    {
        var key = await _client.CreateTestKeyAsync();
        var other = await _client.CreateTestKeyAsync();
        var alias = $"alias/pending-{Guid.NewGuid():N}";
        await _client.CreateAliasForAsync(alias, other.KeyId);
        await _client.ScheduleDeletionAsync(key.KeyId);
        var pending = $"{key.Arn} is pending deletion.";

        await KmsAssert.ThrowsAsync<KMSInvalidStateException>(() => _client.EnableKeyAsync(new EnableKeyRequest { KeyId = key.KeyId }), pending);
        await KmsAssert.ThrowsAsync<KMSInvalidStateException>(() => _client.DisableKeyAsync(new DisableKeyRequest { KeyId = key.KeyId }), pending);
        await KmsAssert.ThrowsAsync<KMSInvalidStateException>(
            () => _client.UpdateKeyDescriptionAsync(new UpdateKeyDescriptionRequest { KeyId = key.KeyId, Description = "no" }), pending);
        await KmsAssert.ThrowsAsync<KMSInvalidStateException>(
            () => _client.TagResourceAsync(new TagResourceRequest { KeyId = key.KeyId, Tags = [new Tag { TagKey = "k", TagValue = "v" }] }), pending);
        await KmsAssert.ThrowsAsync<KMSInvalidStateException>(
            () => _client.UntagResourceAsync(new UntagResourceRequest { KeyId = key.KeyId, TagKeys = ["k"] }), pending);
        await KmsAssert.ThrowsAsync<KMSInvalidStateException>(
            () => _client.CreateAliasAsync(new CreateAliasRequest { AliasName = $"alias/new-{Guid.NewGuid():N}", TargetKeyId = key.KeyId }), pending);
        await KmsAssert.ThrowsAsync<KMSInvalidStateException>(
            () => _client.UpdateAliasAsync(new UpdateAliasRequest { AliasName = alias, TargetKeyId = key.KeyId }), pending);
        await KmsAssert.ThrowsAsync<KMSInvalidStateException>(
            () => _client.ScheduleKeyDeletionAsync(new ScheduleKeyDeletionRequest { KeyId = key.KeyId, PendingWindowInDays = 7 }), pending);
        Assert.Equal(KeyState.PendingDeletion, (await _client.DescribeAsync(key.KeyId)).KeyState);
    }

    [Fact]
    public async Task ScheduleKeyDeletion_PendingKey_AllowsReadsPoliciesAndAliasDeletion()
    {
        var key = (await _client.CreateKeyAsync(new CreateKeyRequest { Tags = [new Tag { TagKey = "team", TagValue = "a" }] }).WithTimeout()).KeyMetadata;
        var alias = $"alias/pending-{Guid.NewGuid():N}";
        await _client.CreateAliasForAsync(alias, key.KeyId);
        await _client.ScheduleDeletionAsync(key.KeyId);
        var policy = await _client.GetPolicyAsync(key.KeyId);

        Assert.Equal(KeyState.PendingDeletion, (await _client.DescribeAsync(alias)).KeyState);
        Assert.Equal("a", (await _client.ListTagsAsync(key.KeyId))["team"]);
        Assert.Equal(["default"], (await _client.ListKeyPoliciesAsync(new ListKeyPoliciesRequest { KeyId = key.KeyId }).WithTimeout()).PolicyNames);
        var changed = policy.Replace("Enable IAM User Permissions", "Still allowed", StringComparison.Ordinal);
        await _client.PutKeyPolicyAsync(new PutKeyPolicyRequest { KeyId = key.KeyId, Policy = changed }).WithTimeout();
        Assert.Equal(changed, await _client.GetPolicyAsync(key.KeyId));
        Assert.Single(await _client.ListAllAliasesAsync(key.KeyId));
        await _client.DeleteAliasAsync(new DeleteAliasRequest { AliasName = alias }).WithTimeout();
        Assert.Empty(await _client.ListAllAliasesAsync(key.KeyId));
    }

    [Fact]
    public async Task CancelKeyDeletion_PendingKey_LeavesKeyDisabled()
    {
        var key = await _client.CreateTestKeyAsync();
        var ciphertext = await _client.EncryptBytesAsync(key.KeyId, Data);
        await _client.ScheduleDeletionAsync(key.KeyId, 7);

        var response = await _client.CancelKeyDeletionAsync(new CancelKeyDeletionRequest { KeyId = key.KeyId }).WithTimeout();

        Assert.Equal(key.Arn, response.KeyId);
        var described = await _client.DescribeAsync(key.KeyId);
        Assert.Equal(KeyState.Disabled, described.KeyState);
        Assert.False(described.Enabled);
        Assert.Null(described.DeletionDate);
        Assert.Null(described.PendingDeletionWindowInDays);
        await KmsAssert.ThrowsAsync<DisabledException>(() => _client.DecryptAsync(KmsClientExtensions.Decrypt(ciphertext)));
        await _client.EnableKeyAsync(new EnableKeyRequest { KeyId = key.KeyId }).WithTimeout();
        Assert.Equal(Data, await _client.DecryptBytesAsync(ciphertext));
    }

    [Fact]
    public async Task ScheduleKeyDeletion_DisabledKey_IsAllowedAndCancelLeavesItDisabled()
    {
        var key = await _client.CreateTestKeyAsync();
        await _client.DisableAsync(key.KeyId);

        await _client.ScheduleDeletionAsync(key.KeyId, 10);
        Assert.Equal(KeyState.PendingDeletion, (await _client.DescribeAsync(key.KeyId)).KeyState);
        await _client.CancelKeyDeletionAsync(new CancelKeyDeletionRequest { KeyId = key.Arn }).WithTimeout();

        Assert.Equal(KeyState.Disabled, (await _client.DescribeAsync(key.KeyId)).KeyState);
    }

    [Fact]
    public async Task CancelKeyDeletion_EnabledKey_ThrowsInvalidState()
    {
        var key = await _client.CreateTestKeyAsync();

        await KmsAssert.ThrowsAsync<KMSInvalidStateException>(() => _client.CancelKeyDeletionAsync(new CancelKeyDeletionRequest { KeyId = key.KeyId }));
        Assert.Equal(KeyState.Enabled, (await _client.DescribeAsync(key.KeyId)).KeyState);
    }

    [Fact]
    public async Task UpdateKeyDescription_EnabledOrDisabledKey_ReplacesDescription()
    {
        var key = await _client.CreateTestKeyAsync("old");

        await _client.UpdateKeyDescriptionAsync(new UpdateKeyDescriptionRequest { KeyId = key.KeyId, Description = "new" }).WithTimeout();
        Assert.Equal("new", (await _client.DescribeAsync(key.KeyId)).Description);

        await _client.DisableAsync(key.KeyId);
        await _client.UpdateKeyDescriptionAsync(new UpdateKeyDescriptionRequest { KeyId = key.Arn, Description = string.Empty }).WithTimeout();
        Assert.Equal(string.Empty, (await _client.DescribeAsync(key.KeyId)).Description);
    }

    [Fact]
    public async Task UpdateKeyDescription_UnknownKey_ThrowsNotFound()
    {
        await KmsAssert.ThrowsAsync<NotFoundException>(
            () => _client.UpdateKeyDescriptionAsync(new UpdateKeyDescriptionRequest { KeyId = Guid.NewGuid().ToString(), Description = "x" }));
    }
}

using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Server.Tests.Infrastructure;

namespace Keyhold.Server.Tests.Operations.Rotation;

/// <summary>
/// EnableKeyRotation, DisableKeyRotation, GetKeyRotationStatus, RotateKeyOnDemand and ListKeyRotations through the
/// AWS SDK on a signed server, with AWS's errors (shared/reference/aws-recorded/errors.tsv). The schedule itself is
/// tested with a fake clock in Background/KeyRotationServiceTests.
/// </summary>
public sealed class RotationHandlerTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly AmazonKeyManagementServiceClient _client = fixture.Server.CreateClient();

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task GetKeyRotationStatus_NewKey_IsDisabled()
    {
        var key = await _client.CreateTestKeyAsync();

        var status = await StatusAsync(key.KeyId);

        Assert.False(status.KeyRotationEnabled);
        Assert.Equal(key.Arn, status.KeyId);
        Assert.Null(status.RotationPeriodInDays);
        Assert.Null(status.NextRotationDate);
        Assert.Null(status.OnDemandRotationStartDate);
    }

    [Fact]
    public async Task EnableKeyRotation_WithoutPeriod_Uses365Days()
    {
        var key = await _client.CreateTestKeyAsync();
        var before = DateTime.UtcNow;

        await _client.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = key.KeyId }).WithTimeout();

        var status = await StatusAsync(key.Arn);
        Assert.True(status.KeyRotationEnabled);
        Assert.Equal(365, status.RotationPeriodInDays);
        Assert.InRange(status.NextRotationDate!.Value.ToUniversalTime(), before.AddDays(365).AddSeconds(-1), DateTime.UtcNow.AddDays(365).AddSeconds(1));
    }

    [Theory]
    [InlineData(90)]
    [InlineData(2560)]
    public async Task EnableKeyRotation_PeriodAtTheLimits_IsAccepted(int days)
    {
        var key = await _client.CreateTestKeyAsync();

        await _client.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = key.KeyId, RotationPeriodInDays = days }).WithTimeout();

        Assert.Equal(days, (await StatusAsync(key.KeyId)).RotationPeriodInDays);
    }

    [Theory]
    [InlineData(89, "greater than or equal to 90")]
    [InlineData(2561, "less than or equal to 2560")]
    public async Task EnableKeyRotation_PeriodOutOfRange_ThrowsValidation(int days, string constraint)
    {
        var key = await _client.CreateTestKeyAsync();

        var error = await KmsAssert.ValidationAsync(() => _client.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = key.KeyId, RotationPeriodInDays = days }));

        Assert.Contains($"Value '{days}' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value {constraint}", error.Message, StringComparison.Ordinal);
        Assert.False((await StatusAsync(key.KeyId)).KeyRotationEnabled);
    }

    [Fact]
    public async Task DisableKeyRotation_EnabledRotation_TurnsItOff()
    {
        var key = await _client.CreateTestKeyAsync();
        await _client.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = key.KeyId, RotationPeriodInDays = 120 }).WithTimeout();

        await _client.DisableKeyRotationAsync(new DisableKeyRotationRequest { KeyId = key.KeyId }).WithTimeout();

        var status = await StatusAsync(key.KeyId);
        Assert.False(status.KeyRotationEnabled);
        Assert.Null(status.NextRotationDate);
    }

    [Fact]
    public async Task RotationOperations_UnknownKey_ThrowNotFound()
    {
        var missing = Guid.NewGuid().ToString();
        var message = $"Key 'arn:aws:kms:{TestServer.Region}:{fixture.Server.AccountId}:key/{missing}' does not exist";

        await KmsAssert.ThrowsAsync<NotFoundException>(() => _client.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = missing }), message);
        await KmsAssert.ThrowsAsync<NotFoundException>(() => _client.DisableKeyRotationAsync(new DisableKeyRotationRequest { KeyId = missing }), message);
        await KmsAssert.ThrowsAsync<NotFoundException>(() => _client.GetKeyRotationStatusAsync(new GetKeyRotationStatusRequest { KeyId = missing }), message);
        await KmsAssert.ThrowsAsync<NotFoundException>(() => _client.RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = missing }), message);
        await KmsAssert.ThrowsAsync<NotFoundException>(() => _client.ListKeyRotationsAsync(new ListKeyRotationsRequest { KeyId = missing }), message);
    }

    [Fact]
    public async Task RotationOperations_DisabledKey_ThrowDisabled()
    {
        var key = await _client.CreateTestKeyAsync();
        await _client.DisableAsync(key.KeyId);
        var message = $"{key.Arn} is disabled.";

        await KmsAssert.ThrowsAsync<DisabledException>(() => _client.RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = key.KeyId }), message);
        await KmsAssert.ThrowsAsync<DisabledException>(() => _client.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = key.KeyId }), message);
        await KmsAssert.ThrowsAsync<DisabledException>(() => _client.DisableKeyRotationAsync(new DisableKeyRotationRequest { KeyId = key.KeyId }), message);
        // Reading the status of a disabled key is allowed.
        Assert.False((await StatusAsync(key.KeyId)).KeyRotationEnabled);
    }

    [Fact]
    public async Task RotationOperations_KeyPendingDeletion_ThrowInvalidState()
    {
        var key = await _client.CreateTestKeyAsync();
        await _client.ScheduleDeletionAsync(key.KeyId, 7);

        await KmsAssert.ThrowsAsync<KMSInvalidStateException>(() => _client.RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = key.KeyId }));
        await KmsAssert.ThrowsAsync<KMSInvalidStateException>(() => _client.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = key.KeyId }));
    }

    [Fact]
    public async Task RotateKeyOnDemand_AliasName_IsNotAccepted()
    {
        var key = await _client.CreateTestKeyAsync();
        var alias = $"alias/rotate-{Guid.NewGuid():N}";
        await _client.CreateAliasForAsync(alias, key.KeyId);

        await KmsAssert.ThrowsAsync<NotFoundException>(() => _client.RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = alias }));
        Assert.Empty((await _client.ListKeyRotationsAsync(new ListKeyRotationsRequest { KeyId = key.KeyId }).WithTimeout()).Rotations ?? []);
    }

    [Fact]
    public async Task RotateKeyOnDemand_MakesNewMaterialCurrentAndOldCiphertextsStillDecrypt()
    {
        var key = await _client.CreateTestKeyAsync();
        var before = "before"u8.ToArray();
        var oldCiphertext = await _client.EncryptBytesAsync(key.KeyId, before);

        var response = await _client.RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = key.KeyId }).WithTimeout();

        Assert.Equal(key.Arn, response.KeyId);
        var described = await _client.DescribeAsync(key.KeyId);
        Assert.NotEqual(key.CurrentKeyMaterialId, described.CurrentKeyMaterialId);
        var rotation = Assert.Single((await _client.ListKeyRotationsAsync(new ListKeyRotationsRequest { KeyId = key.KeyId }).WithTimeout()).Rotations);
        Assert.Equal(RotationType.ON_DEMAND, rotation.RotationType);
        Assert.Equal(described.CurrentKeyMaterialId, rotation.KeyMaterialId);
        Assert.Equal(before, await _client.DecryptBytesAsync(oldCiphertext));
        var after = await _client.EncryptBytesAsync(key.KeyId, "after"u8.ToArray());
        Assert.Equal("after"u8.ToArray(), await _client.DecryptBytesAsync(after));
    }

    [Fact]
    public async Task RotateKeyOnDemand_EleventhTime_ThrowsLimitExceeded()
    {
        var key = await _client.CreateTestKeyAsync();
        for (var i = 0; i < 10; i++)
        {
            await _client.RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = key.KeyId }).WithTimeout();
        }

        await KmsAssert.ThrowsAsync<LimitExceededException>(
            () => _client.RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = key.KeyId }),
            $"The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: {key.Arn}");
        Assert.Equal(10, (await ListAllRotationsAsync(key.KeyId, "ROTATIONS_ONLY", limit: null)).Count);
    }

    [Fact]
    public async Task RotateKeyOnDemand_ConcurrentCalls_EachMakesOneVersion()
    {
        var key = await _client.CreateTestKeyAsync();

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => _client.RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = key.KeyId }).WithTimeout()));

        var rotations = await ListAllRotationsAsync(key.KeyId, "ALL_KEY_MATERIAL", limit: null);
        Assert.Equal(6, rotations.Count);
        Assert.Equal(6, rotations.Select(r => r.KeyMaterialId).Distinct().Count());
        Assert.Single(rotations, r => r.KeyMaterialState == "CURRENT");
        Assert.Equal((await _client.DescribeAsync(key.KeyId)).CurrentKeyMaterialId, rotations[^1].KeyMaterialId);
    }

    [Fact]
    public async Task ListKeyRotations_Paginated_ReturnsEveryRotationOnceInOrder()
    {
        var key = await _client.CreateTestKeyAsync();
        for (var i = 0; i < 5; i++)
        {
            await _client.RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = key.KeyId }).WithTimeout();
        }

        var first = await _client.ListKeyRotationsAsync(new ListKeyRotationsRequest { KeyId = key.KeyId, Limit = 2 }).WithTimeout();
        Assert.True(first.Truncated);
        Assert.Equal(2, first.Rotations.Count);
        var all = await ListAllRotationsAsync(key.KeyId, "ROTATIONS_ONLY", limit: 2);

        Assert.Equal(5, all.Count);
        Assert.Equal(5, all.Select(r => r.KeyMaterialId).Distinct().Count());
        Assert.Equal(all.OrderBy(r => r.RotationDate).Select(r => r.KeyMaterialId), all.Select(r => r.KeyMaterialId));
        Assert.All(all[..^1], r => Assert.Equal("NON_CURRENT", r.KeyMaterialState));
        Assert.Equal("CURRENT", all[^1].KeyMaterialState);
    }

    [Fact]
    public async Task ListKeyRotations_AllKeyMaterial_IncludesTheOriginalMaterial()
    {
        var key = await _client.CreateTestKeyAsync();
        await _client.RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = key.KeyId }).WithTimeout();

        var all = await ListAllRotationsAsync(key.KeyId, "ALL_KEY_MATERIAL", limit: null);

        Assert.Equal(2, all.Count);
        Assert.Equal(key.CurrentKeyMaterialId, all[0].KeyMaterialId);
        Assert.Null(all[0].RotationType);
        Assert.Equal("NON_CURRENT", all[0].KeyMaterialState);
        Assert.Equal(RotationType.ON_DEMAND, all[1].RotationType);
        Assert.Equal("CURRENT", all[1].KeyMaterialState);
    }

    [Fact]
    public async Task ListKeyRotations_BadMarker_ThrowsInvalidMarker()
    {
        var key = await _client.CreateTestKeyAsync();

        await KmsAssert.ThrowsAsync<InvalidMarkerException>(() => _client.ListKeyRotationsAsync(new ListKeyRotationsRequest { KeyId = key.KeyId, Marker = "not-a-marker" }));
    }

    private Task<GetKeyRotationStatusResponse> StatusAsync(string keyId) =>
        _client.GetKeyRotationStatusAsync(new GetKeyRotationStatusRequest { KeyId = keyId }).WithTimeout();

    private async Task<List<RotationsListEntry>> ListAllRotationsAsync(string keyId, string include, int? limit)
    {
        var all = new List<RotationsListEntry>();
        string? marker = null;
        do
        {
            var page = await _client.ListKeyRotationsAsync(new ListKeyRotationsRequest
            {
                KeyId = keyId,
                IncludeKeyMaterial = include,
                Limit = limit,
                Marker = marker,
            }).WithTimeout();
            all.AddRange(page.Rotations ?? []);
            marker = page.Truncated == true ? page.NextMarker : null;
        }
        while (marker is not null);
        return all;
    }
}

using System.Diagnostics;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Core.Storage;
using Keyhold.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Keyhold.Server.Tests.MultiNode;

/// <summary>
/// Three signed nodes over one PostgreSQL database, driven through the AWS SDK: what one node writes, every node serves
/// at once, and races between nodes give AWS's answers without corrupting anything (docs/designs/consistency.md).
/// </summary>
[Collection(SharedPostgresCluster.Name)]
public sealed class MultiNodeTests(PostgresCluster postgres) : IAsyncLifetime
{
    private NodeCluster? _cluster;
    private AmazonKeyManagementServiceClient[] _clients = [];

    public async Task InitializeAsync()
    {
        _cluster = await NodeCluster.StartAsync(postgres, nodes: 3);
        _clients = [.. _cluster.Nodes.Select(n => n.CreateClient())];
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task Nodes_ShareOneAccountAndAdministrator()
    {
        Assert.Single(_cluster!.Nodes.Select(n => n.AccountId).Distinct());
        var key = await _clients[0].CreateTestKeyAsync("made on node 0");

        foreach (var client in _clients)
        {
            Assert.Contains(key.KeyId, await client.ListAllKeyIdsAsync());
        }
    }

    [Fact]
    public async Task Encrypt_OnOneNode_DecryptsOnEveryOther()
    {
        var key = await _clients[0].CreateTestKeyAsync();
        var other = await _clients[2].CreateTestKeyAsync();
        var context = new Dictionary<string, string> { ["tenant"] = "42" };
        var plaintext = "across nodes"u8.ToArray();

        var ciphertext = await _clients[1].EncryptBytesAsync(key.KeyId, plaintext, context);

        Assert.Equal(plaintext, await _clients[0].DecryptBytesAsync(ciphertext, context));
        Assert.Equal(plaintext, await _clients[2].DecryptBytesAsync(ciphertext, context));

        var dataKey = await _clients[2].GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.Arn, KeySpec = DataKeySpec.AES_256 }).WithTimeout();
        Assert.Equal(dataKey.Plaintext.ToArray(), await _clients[1].DecryptBytesAsync(dataKey.CiphertextBlob.ToArray()));

        var reencrypted = await _clients[0].ReEncryptAsync(new ReEncryptRequest
        {
            CiphertextBlob = new MemoryStream(ciphertext),
            SourceEncryptionContext = context,
            DestinationKeyId = other.KeyId,
        }).WithTimeout();
        Assert.Equal(plaintext, await _clients[1].DecryptBytesAsync(reencrypted.CiphertextBlob.ToArray()));
    }

    [Fact]
    public async Task DisableKey_OnOneNode_IsRefusedByTheOthersWithinOneSecond()
    {
        var key = await _clients[0].CreateTestKeyAsync();
        var ciphertext = await _clients[1].EncryptBytesAsync(key.KeyId, "x"u8.ToArray());

        var clock = Stopwatch.StartNew();
        await _clients[0].DisableAsync(key.KeyId);
        await KmsAssert.ThrowsAsync<DisabledException>(() => _clients[1].EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream("x"u8.ToArray()) }));
        await KmsAssert.ThrowsAsync<DisabledException>(() => _clients[2].DecryptAsync(KmsClientExtensions.Decrypt(ciphertext)));
        clock.Stop();

        // The first request after the disable is refused; nothing had to expire or be told.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");

        await _clients[2].EnableKeyAsync(new EnableKeyRequest { KeyId = key.KeyId }).WithTimeout();
        Assert.Equal("x"u8.ToArray(), await _clients[0].DecryptBytesAsync(ciphertext));
    }

    [Fact]
    public async Task Changes_OnOneNode_AreServedByTheOthersAtOnce()
    {
        var key = await _clients[0].CreateTestKeyAsync();
        var replacement = await _clients[0].CreateTestKeyAsync();
        var alias = $"alias/shared-{Guid.NewGuid():N}";

        // Alias update on node 1, used on node 2.
        await _clients[0].CreateAliasForAsync(alias, key.KeyId);
        await _clients[1].UpdateAliasAsync(new UpdateAliasRequest { AliasName = alias, TargetKeyId = replacement.KeyId }).WithTimeout();
        var encrypted = await _clients[2].EncryptAsync(new EncryptRequest { KeyId = alias, Plaintext = new MemoryStream("y"u8.ToArray()) }).WithTimeout();
        Assert.Equal(replacement.Arn, encrypted.KeyId);

        // Key policy on node 2, read on node 0.
        var policy = (await _clients[0].GetPolicyAsync(key.KeyId)).Replace("\"Enable IAM User Permissions\"", "\"Changed on node 2\"", StringComparison.Ordinal);
        Assert.Contains("Changed on node 2", policy, StringComparison.Ordinal);
        await _clients[2].PutKeyPolicyAsync(new PutKeyPolicyRequest { KeyId = key.KeyId, Policy = policy }).WithTimeout();
        Assert.Equal(policy, await _clients[0].GetPolicyAsync(key.KeyId));

        // Tags on node 1, listed on node 0.
        await _clients[1].TagResourceAsync(new TagResourceRequest { KeyId = key.KeyId, Tags = [new Tag { TagKey = "node", TagValue = "1" }] }).WithTimeout();
        Assert.Equal("1", (await _clients[0].ListTagsAsync(key.KeyId))["node"]);

        // Rotation on node 0: node 1 encrypts with the new material at once, node 2 decrypts both generations.
        var before = await _clients[1].EncryptBytesAsync(key.KeyId, "before"u8.ToArray());
        await _clients[0].RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = key.KeyId }).WithTimeout();
        var current = (await _clients[0].DescribeAsync(key.KeyId)).CurrentKeyMaterialId;
        Assert.Equal(current, (await _clients[1].DescribeAsync(key.KeyId)).CurrentKeyMaterialId);
        var after = await _clients[1].EncryptBytesAsync(key.KeyId, "after"u8.ToArray());
        Assert.Equal("before"u8.ToArray(), await _clients[2].DecryptBytesAsync(before));
        Assert.Equal("after"u8.ToArray(), await _clients[2].DecryptBytesAsync(after));

        // Deletion scheduled on node 2: node 0 describes it pending, node 1 refuses to use it.
        await _clients[2].ScheduleDeletionAsync(key.KeyId, 7);
        Assert.Equal(KeyState.PendingDeletion, (await _clients[0].DescribeAsync(key.KeyId)).KeyState);
        await KmsAssert.ThrowsAsync<KMSInvalidStateException>(() => _clients[1].DecryptAsync(KmsClientExtensions.Decrypt(before)));
    }

    [Fact]
    public async Task CreateAlias_SameNameOnEveryNodeAtOnce_ExactlyOneWins()
    {
        var keys = await Task.WhenAll(_clients.Select(c => c.CreateTestKeyAsync()));
        for (var round = 0; round < 10; round++)
        {
            var alias = $"alias/race-{round}-{Guid.NewGuid():N}";
            var attempts = _clients.Select((client, i) => Outcome(client.CreateAliasAsync(new CreateAliasRequest { AliasName = alias, TargetKeyId = keys[i].KeyId }))).ToArray();
            var outcomes = await Task.WhenAll(attempts);

            var winner = Assert.Single(outcomes.Select((o, i) => (o, i)), x => x.o is null).i;
            Assert.All(outcomes.Where(o => o is not null), o =>
            {
                var error = Assert.IsType<AlreadyExistsException>(o);
                Assert.Equal($"An alias with the name arn:aws:kms:{TestServer.Region}:{_cluster!.Nodes[0].AccountId}:{alias} already exists", error.Message);
            });
            foreach (var client in _clients)
            {
                Assert.Equal(keys[winner].KeyId, (await client.DescribeAsync(alias)).KeyId);
            }

            var history = await Store(0).GetAliasHistoryAsync(_cluster!.Nodes[0].AccountId, TestServer.Region, alias, CancellationToken.None);
            Assert.Equal("Create", Assert.Single(history).Change);
        }
    }

    [Fact]
    public async Task UpdateAlias_OnEveryNodeAtOnce_AllApplyInOrderAndHistoryMatches()
    {
        var keys = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _clients[0].CreateTestKeyAsync()));
        var alias = $"alias/update-race-{Guid.NewGuid():N}";
        await _clients[0].CreateAliasForAsync(alias, keys[0].KeyId);

        await Task.WhenAll(_clients.Select((client, i) => client.UpdateAliasAsync(new UpdateAliasRequest { AliasName = alias, TargetKeyId = keys[i + 1].KeyId }).WithTimeout()));

        var history = await Store(1).GetAliasHistoryAsync(_cluster!.Nodes[0].AccountId, TestServer.Region, alias, CancellationToken.None);
        Assert.Equal(["Create", "Update", "Update", "Update"], history.Select(h => h.Change));
        // Each update names the target the previous one left: the history is one unbroken chain.
        for (var i = 1; i < history.Count; i++)
        {
            Assert.Equal(history[i - 1].TargetKeyId, history[i].PreviousTargetKeyId);
        }

        Assert.Equal(history[^1].TargetKeyId, (await _clients[2].DescribeAsync(alias)).KeyId);
    }

    [Fact]
    public async Task RotateKeyOnDemand_FromEveryNodeAtOnce_EachCallMakesOneVersionAndTheLimitHolds()
    {
        var key = await _clients[0].CreateTestKeyAsync();

        await Task.WhenAll(_clients.SelectMany(client => Enumerable.Range(0, 3).Select(_ =>
            client.RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = key.KeyId }).WithTimeout())));

        var rotations = (await _clients[1].ListKeyRotationsAsync(new ListKeyRotationsRequest { KeyId = key.KeyId }).WithTimeout()).Rotations;
        Assert.Equal(9, rotations.Count);
        Assert.Equal(9, rotations.Select(r => r.KeyMaterialId).Distinct().Count());
        Assert.Equal((await _clients[2].DescribeAsync(key.KeyId)).CurrentKeyMaterialId, rotations[^1].KeyMaterialId);

        // Two nodes race for the tenth and last allowed rotation: one gets it, the other AWS's limit error.
        var outcomes = await Task.WhenAll(_clients.Take(2).Select(c => Outcome(c.RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = key.KeyId }))));
        Assert.Single(outcomes, o => o is null);
        Assert.IsType<LimitExceededException>(Assert.Single(outcomes, o => o is not null));
    }

    [Fact]
    public async Task StoppedNode_TheOthersKeepServingEverythingItWrote()
    {
        var key = await _clients[0].CreateTestKeyAsync();
        var ciphertexts = new List<byte[]>();
        for (var i = 0; i < 20; i++)
        {
            ciphertexts.Add(await _clients[0].EncryptBytesAsync(key.KeyId, BitConverter.GetBytes(i)));
        }

        await _cluster!.StopNodeAsync(0);

        for (var i = 0; i < ciphertexts.Count; i++)
        {
            Assert.Equal(BitConverter.GetBytes(i), await _clients[1 + (i % 2)].DecryptBytesAsync(ciphertexts[i]));
        }

        await _clients[1].CreateAliasForAsync($"alias/after-stop-{Guid.NewGuid():N}", key.KeyId);
    }

    private static async Task<Exception?> Outcome(Task call)
    {
        try
        {
            await call.WithTimeout();
            return null;
        }
        catch (AmazonKeyManagementServiceException ex)
        {
            return ex;
        }
    }

    private IKeyholdStore Store(int node) => _cluster!.Nodes[node].Server.Services.GetRequiredService<IKeyholdStore>();
}

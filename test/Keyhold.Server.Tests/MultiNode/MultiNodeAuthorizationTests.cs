using System.Diagnostics;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Core.Storage;
using Keyhold.Server.Audit;
using Keyhold.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Keyhold.Server.Tests.MultiNode;

/// <summary>
/// Authorization and audit across three nodes over one PostgreSQL database: identity-policy changes and access-key
/// deactivation reach every node within one second (the caches' bound), grants race safely, and the audit chain that
/// every node appends to never forks (docs/designs/consistency.md).
/// </summary>
[Collection(SharedPostgresCluster.Name)]
public sealed class MultiNodeAuthorizationTests(PostgresCluster postgres) : IAsyncLifetime
{
    private static readonly TimeSpan CacheBound = TimeSpan.FromSeconds(1);
    private NodeCluster? _cluster;
    private AmazonKeyManagementServiceClient[] _clients = [];

    private IReadOnlyList<TestServer> Nodes => _cluster!.Nodes;

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
    public async Task IdentityPolicy_PutThroughOneNode_AllowsOnTheOthersWithinTheCacheBound()
    {
        var key = await _clients[0].CreateTestKeyAsync();
        var name = "multi-" + Guid.NewGuid().ToString("N")[..8];
        var (user, _) = await Nodes[0].CreateUserAsync(name);
        using var userOnNode0 = user;
        var (id, secret) = await AccessKeyOfAsync(name);
        using var userOnNode2 = Nodes[2].CreateClient(id, secret);
        await KmsAssert.DeniedAsync(() => userOnNode2.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream([1]) }));

        var clock = Stopwatch.StartNew();
        await Nodes[0].PutUserPolicyAsync(name, TestPrincipals.Allow("kms:Encrypt"));
        await PolicyEventually.SucceedsAsync(() => userOnNode2.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream([1]) }));

        // Bounded by the identity-policy cache's lifetime, plus a request's time.
        Assert.True(clock.Elapsed < CacheBound + TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task AccessKeyDeactivated_OnOneNode_IsRefusedByTheOthersWithinTheCacheBound()
    {
        var key = await _clients[0].CreateTestKeyAsync();
        var name = "deact-" + Guid.NewGuid().ToString("N")[..8];
        var (user, _) = await Nodes[0].CreateUserAsync(name, TestPrincipals.Allow("kms:Encrypt"));
        using var userOnNode0 = user;
        var (id, secret) = await AccessKeyOfAsync(name);
        using var userOnNode1 = Nodes[1].CreateClient(id, secret);
        await userOnNode1.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream([1]) }).WithTimeout();

        var clock = Stopwatch.StartNew();
        Assert.True(await Nodes[0].Server.Services.GetRequiredService<IKeyholdStore>().SetAccessKeyActiveAsync(id, false, CancellationToken.None).WithTimeout());
        while (true)
        {
            try
            {
                await userOnNode1.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream([1]) }).WithTimeout();
            }
            catch (AmazonKeyManagementServiceException ex) when (ex.ErrorCode == "UnrecognizedClientException")
            {
                break;
            }

            Assert.True(clock.Elapsed < CacheBound + TimeSpan.FromSeconds(1), $"still accepted after {clock.Elapsed}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task CreateGrant_SameNameOnEveryNodeAtOnce_MakesOneGrant()
    {
        var key = await _clients[0].CreateTestKeyAsync();
        var request = new CreateGrantRequest
        {
            KeyId = key.KeyId,
            GranteePrincipal = $"arn:aws:iam::{Nodes[0].AccountId}:role/racer",
            Operations = [GrantOperation.Decrypt],
            Name = "raced",
        };

        var responses = await Task.WhenAll(_clients.Select(c => c.CreateGrantAsync(request).WithTimeout()));

        Assert.Single(responses.Select(r => r.GrantId).Distinct());
        Assert.Single((await _clients[1].ListGrantsAsync(new ListGrantsRequest { KeyId = key.KeyId }).WithTimeout()).Grants);
    }

    [Fact]
    public async Task AuditChain_RequestsOnEveryNodeAtOnce_NeverForks()
    {
        var key = await _clients[0].CreateTestKeyAsync();

        await Task.WhenAll(_clients.SelectMany(c => Enumerable.Range(0, 20).Select(_ => c.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key.KeyId }).WithTimeout())));
        foreach (var node in Nodes)
        {
            Assert.True(await node.Server.Services.GetRequiredService<AuditTrail>().WaitForWrittenAsync(TimeSpan.FromSeconds(10), CancellationToken.None).WithTimeout());
        }

        var verification = await Nodes[2].Server.Services.GetRequiredService<AuditChainVerifier>().VerifyAsync(CancellationToken.None).WithTimeout();
        Assert.True(verification.Verified, verification.Problem);
        Assert.True(verification.Events >= 61);
    }

    /// <summary>The user's access key, read back from the shared store (TestPrincipals creates one per user).</summary>
    private async Task<(string Id, string Secret)> AccessKeyOfAsync(string userName)
    {
        var store = Nodes[0].Server.Services.GetRequiredService<IKeyholdStore>();
        var record = (await store.ListAccessKeysAsync(Nodes[0].AccountId, CancellationToken.None).WithTimeout()).Single(k => k.UserName == userName);
        var ring = Nodes[0].Server.Services.GetRequiredService<Crypto.Protection.DomainKeyRing>();
        var secret = System.Text.Encoding.UTF8.GetString(ring.Open(record.WrappedSecret, Accounts.AccessKeyFactory.SecretPurpose(record.AccessKeyId)));
        return (record.AccessKeyId, secret);
    }
}

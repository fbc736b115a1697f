using Amazon.KeyManagementService;
using Keyhold.Core.Accounts;
using Keyhold.Core.Storage;
using Keyhold.Crypto.Protection;
using Keyhold.Server.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace Keyhold.Server.Tests.Infrastructure;

/// <summary>
/// Other principals for authorization tests: IAM-style users (with optional identity policies) and other accounts,
/// created straight in the server's store, and AWS SDK clients signed with their own access keys.
/// </summary>
internal static class TestPrincipals
{
    public static async Task<(AmazonKeyManagementServiceClient Client, string Arn)> CreateUserAsync(this TestServer server, string userName, string? identityPolicy = null)
    {
        var store = server.Server.Services.GetRequiredService<IKeyholdStore>();
        var now = DateTimeOffset.UtcNow;
        await store.AddUserAsync(new UserRecord { AccountId = server.AccountId, UserName = userName, UserId = "AIDA" + Guid.NewGuid().ToString("N")[..16].ToUpperInvariant(), CreatedAt = now }, CancellationToken.None).WithTimeout();
        if (identityPolicy is not null)
        {
            await server.PutUserPolicyAsync(userName, identityPolicy);
        }

        var (id, secret) = await AddAccessKeyAsync(server, server.AccountId, userName);
        return (server.CreateClient(id, secret), $"arn:aws:iam::{server.AccountId}:user/{userName}");
    }

    public static async Task PutUserPolicyAsync(this TestServer server, string userName, string identityPolicy)
    {
        var store = server.Server.Services.GetRequiredService<IKeyholdStore>();
        await store.PutUserPolicyAsync(
            new UserPolicyRecord { AccountId = server.AccountId, UserName = userName, PolicyName = "default", Document = identityPolicy, UpdatedAt = DateTimeOffset.UtcNow },
            CancellationToken.None).WithTimeout();
    }

    /// <summary>A new account and a client for its root.</summary>
    public static async Task<(AmazonKeyManagementServiceClient Client, string AccountId)> CreateAccountAsync(this TestServer server)
    {
        var store = server.Server.Services.GetRequiredService<IKeyholdStore>();
        var accountId = AccessKeyFactory.NewAccountId();
        await store.AddAccountAsync(accountId, DateTimeOffset.UtcNow, CancellationToken.None).WithTimeout();
        var (id, secret) = await AddAccessKeyAsync(server, accountId, userName: null);
        return (server.CreateClient(id, secret), accountId);
    }

    /// <summary>An identity policy allowing <paramref name="actions"/> on every resource.</summary>
    public static string Allow(params string[] actions) =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[{{string.Join(",", actions.Select(a => $"\"{a}\""))}}],"Resource":"*"}]}""";

    private static async Task<(string Id, string Secret)> AddAccessKeyAsync(TestServer server, string accountId, string? userName)
    {
        var store = server.Server.Services.GetRequiredService<IKeyholdStore>();
        var ring = server.Server.Services.GetRequiredService<DomainKeyRing>();
        var (record, secret) = AccessKeyFactory.Create(ring, accountId, userName, DateTimeOffset.UtcNow);
        await store.AddAccessKeyAsync(record, CancellationToken.None).WithTimeout();
        return (record.AccessKeyId, secret);
    }
}

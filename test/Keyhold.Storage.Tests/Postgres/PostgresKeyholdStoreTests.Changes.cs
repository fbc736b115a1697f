using System.Threading.Channels;
using Keyhold.Core.Accounts;
using Keyhold.Core.Storage;

namespace Keyhold.Storage.Tests.Postgres;

/// <summary>Change notifications between nodes: a committed write on one store reaches another store's listener.</summary>
public sealed partial class PostgresKeyholdStoreTests
{
    [Fact]
    public async Task ListenAsync_AccessKeyAndUserChangesOnAnotherNode_AreDeliveredAfterCommit()
    {
        var otherNode = (IStoreChangeFeed)await OpenMigratedNodeAsync();
        var received = Channel.CreateUnbounded<StoreChange>();
        using var stop = new CancellationTokenSource();
        var listening = otherNode.ListenAsync(change => received.Writer.TryWrite(change), stop.Token);
        await Store.AddAccountAsync(Account, T0, CancellationToken.None).WithTimeout();
        await Store.AddUserAsync(new UserRecord { AccountId = Account, UserName = "alice", UserId = "AIDAEXAMPLE000000001", CreatedAt = T0 }, CancellationToken.None).WithTimeout();
        await Store.AddAccessKeyAsync(NewAccessKey("AKIAEXAMPLE0000000N1", "alice"), CancellationToken.None).WithTimeout();

        // The listener connects in the background: repeat the first change until it is heard.
        StoreChange? first = null;
        for (var attempt = 0; first is null && attempt < 50; attempt++)
        {
            Assert.True(await Store.SetAccessKeyActiveAsync("AKIAEXAMPLE0000000N1", attempt % 2 == 0 ? false : true, CancellationToken.None).WithTimeout());
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            try
            {
                first = await received.Reader.ReadAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        Assert.Equal(new StoreChange(StoreChangeKind.AccessKey, string.Empty, "AKIAEXAMPLE0000000N1"), first);
        await Store.PutUserPolicyAsync(
            new UserPolicyRecord { AccountId = Account, UserName = "alice", PolicyName = "p", Document = "{}", UpdatedAt = T0 },
            CancellationToken.None).WithTimeout();
        await Store.DeleteUserAsync(Account, "alice", CancellationToken.None).WithTimeout();

        var later = new List<StoreChange>();
        while (later.Count < 2)
        {
            var change = await received.Reader.ReadAsync().AsTask().WithTimeout();
            if (change.Kind == StoreChangeKind.User)
            {
                later.Add(change);
            }
        }

        Assert.All(later, c => Assert.Equal(new StoreChange(StoreChangeKind.User, Account, "alice"), c));
        await stop.CancelAsync();
        await listening.WithTimeout();
    }
}

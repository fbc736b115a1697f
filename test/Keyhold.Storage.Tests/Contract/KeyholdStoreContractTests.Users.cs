using Keyhold.Core.Accounts;
using Keyhold.Core.Storage;

namespace Keyhold.Storage.Tests.Contract;

public abstract partial class KeyholdStoreContractTests
{
    private const string PolicyDocument = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]}""";

    [Fact]
    public async Task AddUser_New_GetUserReturnsEveryField()
    {
        var user = NewUser("alice");
        await Store.AddUserAsync(user, CancellationToken.None).WithTimeout();

        var stored = await Store.GetUserAsync(Account, "alice", CancellationToken.None).WithTimeout();

        Assert.Equal(user, stored);
        Assert.Equal(Alice, stored!.Arn);
    }

    [Fact]
    public async Task AddUser_NameTakenInAccount_ThrowsConflictAndKeepsOriginal()
    {
        var original = NewUser("alice");
        await Store.AddUserAsync(original, CancellationToken.None).WithTimeout();

        await Assert.ThrowsAsync<StoreConflictException>(
            () => Store.AddUserAsync(NewUser("alice") with { UserId = "AIDAOTHER" }, CancellationToken.None).WithTimeout());

        Assert.Equal(original, await Store.GetUserAsync(Account, "alice", CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task AddUser_NameDifferingOnlyInCase_ThrowsConflictAsIamDoes()
    {
        await Store.AddUserAsync(NewUser("alice"), CancellationToken.None).WithTimeout();

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.AddUserAsync(NewUser("ALICE"), CancellationToken.None).WithTimeout());

        Assert.Null(await Store.GetUserAsync(Account, "ALICE", CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task AddUser_SameNameInAnotherAccount_Succeeds()
    {
        await Store.AddUserAsync(NewUser("alice"), CancellationToken.None).WithTimeout();
        var other = NewUser("alice") with { AccountId = OtherAccount, UserId = "AIDAOTHERACCOUNT" };

        await Store.AddUserAsync(other, CancellationToken.None).WithTimeout();

        Assert.Equal(other, await Store.GetUserAsync(OtherAccount, "alice", CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task GetUser_UnknownOrOtherAccount_ReturnsNull()
    {
        await Store.AddUserAsync(NewUser("alice"), CancellationToken.None).WithTimeout();

        Assert.Null(await Store.GetUserAsync(Account, "bob", CancellationToken.None).WithTimeout());
        Assert.Null(await Store.GetUserAsync(OtherAccount, "alice", CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task ListUsers_SeveralInTwoAccounts_ReturnsTheAccountsUsersOrderedByName()
    {
        foreach (var name in new[] { "carol", "Bob", "alice", "bob_2" })
        {
            await Store.AddUserAsync(NewUser(name), CancellationToken.None).WithTimeout();
        }

        await Store.AddUserAsync(NewUser("dave") with { AccountId = OtherAccount }, CancellationToken.None).WithTimeout();

        var users = await Store.ListUsersAsync(Account, CancellationToken.None).WithTimeout();

        Assert.Equal(["Bob", "alice", "bob_2", "carol"], users.Select(u => u.UserName));
        Assert.Equal(NewUser("carol"), users[^1]);
        Assert.Empty(await Store.ListUsersAsync("999999999999", CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task DeleteUser_WithAccessKeysAndPolicies_RemovesThemAndKeepsEveryoneElses()
    {
        await Store.AddUserAsync(NewUser("alice"), CancellationToken.None).WithTimeout();
        await Store.AddUserAsync(NewUser("bob"), CancellationToken.None).WithTimeout();
        await Store.AddAccessKeyAsync(NewAccessKey("AKIAALICE00000000001", "alice"), CancellationToken.None).WithTimeout();
        await Store.AddAccessKeyAsync(NewAccessKey("AKIAALICE00000000002", "alice"), CancellationToken.None).WithTimeout();
        await Store.AddAccessKeyAsync(NewAccessKey("AKIABOB0000000000001", "bob"), CancellationToken.None).WithTimeout();
        await Store.AddAccessKeyAsync(NewAccessKey("AKIAROOT000000000001", null), CancellationToken.None).WithTimeout();
        await Store.AddAccessKeyAsync(NewAccessKey("AKIAOTHERALICE000001", "alice") with { AccountId = OtherAccount }, CancellationToken.None).WithTimeout();
        Assert.True(await Store.PutUserPolicyAsync(NewPolicy("alice", "kms-admin"), CancellationToken.None).WithTimeout());
        Assert.True(await Store.PutUserPolicyAsync(NewPolicy("alice", "kms-read"), CancellationToken.None).WithTimeout());
        Assert.True(await Store.PutUserPolicyAsync(NewPolicy("bob", "kms-read"), CancellationToken.None).WithTimeout());

        Assert.True(await Store.DeleteUserAsync(Account, "alice", CancellationToken.None).WithTimeout());

        Assert.Null(await Store.GetUserAsync(Account, "alice", CancellationToken.None).WithTimeout());
        Assert.Empty(await Store.GetUserPoliciesAsync(Account, "alice", CancellationToken.None).WithTimeout());
        Assert.Null(await Store.GetAccessKeyAsync("AKIAALICE00000000001", CancellationToken.None).WithTimeout());
        Assert.Equal(
            ["AKIABOB0000000000001", "AKIAROOT000000000001"],
            (await Store.ListAccessKeysAsync(Account, CancellationToken.None).WithTimeout()).Select(k => k.AccessKeyId));
        Assert.NotNull(await Store.GetAccessKeyAsync("AKIAOTHERALICE000001", CancellationToken.None).WithTimeout());
        Assert.Equal(["bob"], (await Store.ListUsersAsync(Account, CancellationToken.None).WithTimeout()).Select(u => u.UserName));
        Assert.Single(await Store.GetUserPoliciesAsync(Account, "bob", CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task DeleteUser_ThenAddAgain_StartsWithoutPolicies()
    {
        await Store.AddUserAsync(NewUser("alice"), CancellationToken.None).WithTimeout();
        await Store.PutUserPolicyAsync(NewPolicy("alice", "kms-admin"), CancellationToken.None).WithTimeout();
        await Store.DeleteUserAsync(Account, "alice", CancellationToken.None).WithTimeout();

        await Store.AddUserAsync(NewUser("alice") with { UserId = "AIDASECOND" }, CancellationToken.None).WithTimeout();

        Assert.Equal("AIDASECOND", (await Store.GetUserAsync(Account, "alice", CancellationToken.None).WithTimeout())!.UserId);
        Assert.Empty(await Store.GetUserPoliciesAsync(Account, "alice", CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task DeleteUser_Unknown_ReturnsFalseAndDeletesNothing()
    {
        await Store.AddAccessKeyAsync(NewAccessKey("AKIAORPHAN0000000001", "ghost"), CancellationToken.None).WithTimeout();

        Assert.False(await Store.DeleteUserAsync(Account, "ghost", CancellationToken.None).WithTimeout());

        Assert.NotNull(await Store.GetAccessKeyAsync("AKIAORPHAN0000000001", CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task PutUserPolicy_Several_GetUserPoliciesReturnsThemOrderedByName()
    {
        await Store.AddUserAsync(NewUser("alice"), CancellationToken.None).WithTimeout();
        var read = NewPolicy("alice", "kms-read");
        var admin = NewPolicy("alice", "Admin") with { Document = """{"Version":"2012-10-17","Statement":[]}""" };

        Assert.True(await Store.PutUserPolicyAsync(read, CancellationToken.None).WithTimeout());
        Assert.True(await Store.PutUserPolicyAsync(admin, CancellationToken.None).WithTimeout());

        Assert.Equal([admin, read], await Store.GetUserPoliciesAsync(Account, "alice", CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task PutUserPolicy_ExistingName_ReplacesDocumentAndUpdatedAt()
    {
        await Store.AddUserAsync(NewUser("alice"), CancellationToken.None).WithTimeout();
        await Store.PutUserPolicyAsync(NewPolicy("alice", "kms"), CancellationToken.None).WithTimeout();
        var replacement = NewPolicy("alice", "kms") with { Document = """{"Version":"2012-10-17","Statement":[{"Effect":"Deny"}]}""", UpdatedAt = T0.AddDays(1) };

        Assert.True(await Store.PutUserPolicyAsync(replacement, CancellationToken.None).WithTimeout());

        Assert.Equal([replacement], await Store.GetUserPoliciesAsync(Account, "alice", CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task PutUserPolicy_UnknownUser_ReturnsFalseAndStoresNothing()
    {
        await Store.AddUserAsync(NewUser("alice") with { AccountId = OtherAccount }, CancellationToken.None).WithTimeout();

        Assert.False(await Store.PutUserPolicyAsync(NewPolicy("alice", "kms"), CancellationToken.None).WithTimeout());

        Assert.Empty(await Store.GetUserPoliciesAsync(Account, "alice", CancellationToken.None).WithTimeout());
        Assert.Empty(await Store.GetUserPoliciesAsync(OtherAccount, "alice", CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task GetUserPolicies_UnknownUser_ReturnsEmpty()
    {
        Assert.Empty(await Store.GetUserPoliciesAsync(Account, "nobody", CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task DeleteUserPolicy_Existing_RemovesOnlyThatPolicy()
    {
        await Store.AddUserAsync(NewUser("alice"), CancellationToken.None).WithTimeout();
        await Store.PutUserPolicyAsync(NewPolicy("alice", "kms-admin"), CancellationToken.None).WithTimeout();
        var kept = NewPolicy("alice", "kms-read");
        await Store.PutUserPolicyAsync(kept, CancellationToken.None).WithTimeout();

        Assert.True(await Store.DeleteUserPolicyAsync(Account, "alice", "kms-admin", CancellationToken.None).WithTimeout());

        Assert.Equal([kept], await Store.GetUserPoliciesAsync(Account, "alice", CancellationToken.None).WithTimeout());
        Assert.False(await Store.DeleteUserPolicyAsync(Account, "alice", "kms-admin", CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task DeleteUserPolicy_UnknownUserOrPolicy_ReturnsFalse()
    {
        await Store.AddUserAsync(NewUser("alice"), CancellationToken.None).WithTimeout();

        Assert.False(await Store.DeleteUserPolicyAsync(Account, "alice", "missing", CancellationToken.None).WithTimeout());
        Assert.False(await Store.DeleteUserPolicyAsync(Account, "nobody", "missing", CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task PutUserPolicy_RacingDeleteUserOnTwoNodes_NeverLeavesAPolicyOfAMissingUser()
    {
        var otherNode = OpenStore();
        await otherNode.MigrateAsync(CancellationToken.None).WithTimeout();
        for (var round = 0; round < 8; round++)
        {
            var name = $"user-{round}";
            await Store.AddUserAsync(NewUser(name), CancellationToken.None).WithTimeout();

            var delete = Task.Run(() => Store.DeleteUserAsync(Account, name, CancellationToken.None));
            var put = Task.Run(() => otherNode.PutUserPolicyAsync(NewPolicy(name, "kms"), CancellationToken.None));

            Assert.True(await delete.WithTimeout());
            await put.WithTimeout();
            Assert.Null(await Store.GetUserAsync(Account, name, CancellationToken.None).WithTimeout());
            Assert.Empty(await Store.GetUserPoliciesAsync(Account, name, CancellationToken.None).WithTimeout());
        }
    }

    private static UserRecord NewUser(string userName) => new()
    {
        AccountId = Account,
        UserName = userName,
        UserId = "AIDA" + userName.ToUpperInvariant(),
        CreatedAt = T0,
    };

    private static UserPolicyRecord NewPolicy(string userName, string policyName) => new()
    {
        AccountId = Account,
        UserName = userName,
        PolicyName = policyName,
        Document = PolicyDocument,
        UpdatedAt = T0,
    };
}

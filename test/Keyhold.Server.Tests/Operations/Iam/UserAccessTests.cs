using System.Text;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Cli.Wire;
using Keyhold.Server.Tests.Infrastructure;

namespace Keyhold.Server.Tests.Operations.Iam;

/// <summary>
/// Users, their identity policies and access keys, end to end: created with Keyhold's IAM-style operations, then used
/// with a real AWS SDK KMS client against keys with AWS's default key policy.
/// </summary>
public sealed class UserAccessTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly TimeSpan PropagationBound = TimeSpan.FromSeconds(3);
    private readonly TestServer _server = fixture.Server;

    [Fact]
    public async Task Encrypt_UserWithoutPolicy_DeniedThenAllowedByPolicyThenRefusedWhenKeyDeactivated()
    {
        using var admin = IamClients.Admin(_server);
        using var kms = _server.CreateClient();
        var userName = IamClients.NewUserName("alice");
        var user = (await admin.CreateUserAsync(userName, default).WithTimeout()).User;
        var accessKey = (await admin.CreateAccessKeyAsync(userName, default).WithTimeout()).AccessKey;
        var key = await kms.CreateTestKeyAsync();
        using var asUser = _server.CreateClient(accessKey.AccessKeyId, accessKey.SecretAccessKey);

        await KmsAssert.ErrorAsync(
            () => asUser.EncryptBytesAsync(key.KeyId, [1]),
            "AccessDeniedException",
            $"User: {user.Arn} is not authorized to perform: kms:Encrypt on resource: {key.Arn} because no identity-based policy allows the kms:Encrypt action");

        await admin.PutUserPolicyAsync(userName, "encrypt", AllowPolicy("kms:Encrypt", key.Arn), default).WithTimeout();
        var ciphertext = await Eventually.SucceedsAsync(() => asUser.EncryptBytesAsync(key.KeyId, [1]), PropagationBound);
        Assert.Equal([1], await kms.DecryptBytesAsync(ciphertext));
        await KmsAssert.ErrorAsync(
            () => asUser.DecryptBytesAsync(ciphertext),
            "AccessDeniedException",
            $"User: {user.Arn} is not authorized to perform: kms:Decrypt on resource: {key.Arn} because no identity-based policy allows the kms:Decrypt action");

        await admin.UpdateAccessKeyAsync(accessKey.AccessKeyId, "Inactive", default).WithTimeout();
        await KmsAssert.ErrorAsync(
            () => asUser.EncryptBytesAsync(key.KeyId, [1]), "UnrecognizedClientException", "The security token included in the request is invalid.");

        await admin.UpdateAccessKeyAsync(accessKey.AccessKeyId, "Active", default).WithTimeout();
        await asUser.EncryptBytesAsync(key.KeyId, [2]);
        await admin.DeleteAccessKeyAsync(accessKey.AccessKeyId, default).WithTimeout();
        await KmsAssert.ErrorAsync(() => asUser.EncryptBytesAsync(key.KeyId, [1]), "UnrecognizedClientException");
    }

    [Fact]
    public async Task Encrypt_UserPolicyDenies_ExplicitDenyInIdentityPolicy()
    {
        using var admin = IamClients.Admin(_server);
        using var kms = _server.CreateClient();
        var (user, asUser) = await CreateUserWithKeyAsync(admin);
        using var _ = asUser;
        var key = await kms.CreateTestKeyAsync();
        await admin.PutUserPolicyAsync(user.UserName, "all", AllowPolicy("kms:*", "*"), default).WithTimeout();
        await admin.PutUserPolicyAsync(user.UserName, "no-encrypt", Policy("Deny", "kms:Encrypt", key.Arn), default).WithTimeout();

        await KmsAssert.ErrorAsync(
            () => asUser.EncryptBytesAsync(key.KeyId, [1]),
            "AccessDeniedException",
            $"User: {user.Arn} is not authorized to perform: kms:Encrypt on resource: {key.Arn} with an explicit deny in an identity-based policy");
        await asUser.DescribeAsync(key.KeyId);

        await admin.DeleteUserPolicyAsync(user.UserName, "no-encrypt", default).WithTimeout();
        await Eventually.SucceedsAsync(() => asUser.EncryptBytesAsync(key.KeyId, [1]), PropagationBound);
        Assert.Equal(["all"], (await admin.ListUserPoliciesAsync(user.UserName, default).WithTimeout()).PolicyNames);
    }

    [Fact]
    public async Task CreateUser_ByUserWithoutIamPermission_AccessDeniedUntilAllowed()
    {
        using var admin = IamClients.Admin(_server);
        var (user, asUserKms, userApi) = await CreateUserWithApiAsync(admin);
        using var _ = asUserKms;
        using var __ = userApi;
        var other = IamClients.NewUserName("bob");

        await IamClients.FailsAsync(
            () => userApi.CreateUserAsync(other, default),
            $"AccessDeniedException: User: {user.Arn} is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::{_server.AccountId}:user/{other} because no identity-based policy allows the iam:CreateUser action");

        await admin.PutUserPolicyAsync(user.UserName, "iam", AllowPolicy("iam:CreateUser", $"arn:aws:iam::{_server.AccountId}:user/bob-*"), default).WithTimeout();
        var created = await Eventually.SucceedsAsync(() => userApi.CreateUserAsync(other, default), PropagationBound);
        Assert.Equal($"arn:aws:iam::{_server.AccountId}:user/{other}", created.User.Arn);
        await IamClients.FailsAsync(
            () => userApi.ListUsersAsync(default),
            $"AccessDeniedException: User: {user.Arn} is not authorized to perform: iam:ListUsers on resource: * because no identity-based policy allows the iam:ListUsers action");
        await IamClients.FailsAsync(
            () => userApi.CreateAccessKeyAsync(null, default),
            $"AccessDeniedException: User: {user.Arn} is not authorized to perform: iam:CreateAccessKey on resource: {user.Arn} because no identity-based policy allows the iam:CreateAccessKey action");
    }

    [Fact]
    public async Task UserOperations_BadNameDuplicateUnknownAndMalformedPolicy_ReportAwsErrors()
    {
        using var admin = IamClients.Admin(_server);
        var name = IamClients.NewUserName("carol");
        await admin.CreateUserAsync(name, default).WithTimeout();

        await IamClients.FailsAsync(() => admin.CreateUserAsync(name, default), $"AlreadyExistsException: User with name {name} already exists.");
        await IamClients.FailsAsync(
            () => admin.CreateUserAsync("no spaces", default),
            "ValidationException: 1 validation error detected: Value 'no spaces' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+");
        await IamClients.FailsAsync(
            () => admin.CreateUserAsync(new string('a', 65), default),
            $"ValidationException: 1 validation error detected: Value '{new string('a', 65)}' at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64");
        await IamClients.FailsAsync(() => admin.DeleteUserAsync("nobody-here", default), "NotFoundException: The user with name nobody-here cannot be found.");
        await IamClients.FailsAsync(() => admin.CreateAccessKeyAsync("nobody-here", default), "NotFoundException: The user with name nobody-here cannot be found.");
        await IamClients.FailsAsync(() => admin.GetUserPolicyAsync(name, "default", default), $"NotFoundException: The user policy with name default cannot be found for user {name}.");
        var malformed = await Assert.ThrowsAsync<Keyhold.Cli.Client.CliException>(
            () => admin.PutUserPolicyAsync(name, "default", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Encrypt"}]}""", default).WithTimeout());
        Assert.StartsWith("MalformedPolicyDocumentException: ", malformed.Message, StringComparison.Ordinal);
        await IamClients.FailsAsync(() => admin.UpdateAccessKeyAsync("AKIANOSUCHKEY0000000", "Inactive", default), "NotFoundException: The Access Key with id AKIANOSUCHKEY0000000 cannot be found.");
        await IamClients.FailsAsync(
            () => admin.UpdateAccessKeyAsync("AKIANOSUCHKEY0000000", "Off", default),
            "ValidationException: 1 validation error detected: Value 'Off' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]");

        var document = AllowPolicy("kms:Encrypt", "*");
        await admin.PutUserPolicyAsync(name, "default", document, default).WithTimeout();
        Assert.Equal(document, (await admin.GetUserPolicyAsync(name, "default", default).WithTimeout()).PolicyDocument);
        Assert.Contains((await admin.ListUsersAsync(default).WithTimeout()).Users, u => u.UserName == name && u.UserId.StartsWith("AIDA", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeleteUser_WithAccessKeyAndPolicy_KeyStopsWorkingAtOnce()
    {
        using var admin = IamClients.Admin(_server);
        using var kms = _server.CreateClient();
        var (user, asUser) = await CreateUserWithKeyAsync(admin);
        using var _ = asUser;
        await admin.PutUserPolicyAsync(user.UserName, "default", AllowPolicy("kms:*", "*"), default).WithTimeout();
        var key = await Eventually.SucceedsAsync(() => asUser.CreateTestKeyAsync(), PropagationBound);
        var keys = (await admin.ListAccessKeysAsync(user.UserName, default).WithTimeout()).AccessKeyMetadata;
        Assert.Equal("Active", Assert.Single(keys).Status);

        await admin.DeleteUserAsync(user.UserName, default).WithTimeout();

        await KmsAssert.ErrorAsync(() => asUser.DescribeAsync(key.KeyId), "UnrecognizedClientException");
        Assert.DoesNotContain((await admin.ListUsersAsync(default).WithTimeout()).Users, u => u.UserName == user.UserName);
        await IamClients.FailsAsync(() => admin.ListAccessKeysAsync(user.UserName, default), $"NotFoundException: The user with name {user.UserName} cannot be found.");
    }

    internal static string AllowPolicy(string action, string resource) => Policy("Allow", action, resource);

    internal static string Policy(string effect, string action, string resource) =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"{{effect}}","Action":"{{action}}","Resource":"{{resource}}"}]}""";

    private async Task<(IamUser User, AmazonKeyManagementServiceClient Kms)> CreateUserWithKeyAsync(Keyhold.Cli.Client.KeyholdApiClient admin)
    {
        var (user, kms, api) = await CreateUserWithApiAsync(admin);
        api.Dispose();
        return (user, kms);
    }

    private async Task<(IamUser User, AmazonKeyManagementServiceClient Kms, Keyhold.Cli.Client.KeyholdApiClient Api)> CreateUserWithApiAsync(Keyhold.Cli.Client.KeyholdApiClient admin)
    {
        var name = IamClients.NewUserName("user");
        var user = (await admin.CreateUserAsync(name, default).WithTimeout()).User;
        var key = (await admin.CreateAccessKeyAsync(name, default).WithTimeout()).AccessKey;
        Assert.Equal(name, key.UserName);
        Assert.Equal(40, Encoding.ASCII.GetByteCount(key.SecretAccessKey));
        return (user, _server.CreateClient(key.AccessKeyId, key.SecretAccessKey), IamClients.For(_server, key.AccessKeyId, key.SecretAccessKey));
    }
}

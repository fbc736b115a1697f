using Amazon.Runtime;
using Keyhold.Cli.Client;

namespace Keyhold.Server.Tests.Infrastructure;

/// <summary>The keyhold CLI's API client (Keyhold's own operations, SigV4-signed) for a test server, with given credentials.</summary>
internal static class IamClients
{
    public static KeyholdApiClient Admin(TestServer server) => For(server, server.Credentials.AccessKeyId, server.Credentials.SecretAccessKey);

    public static KeyholdApiClient For(TestServer server, string accessKeyId, string secretAccessKey) =>
        new(new ServerConnection(server.Endpoint, TestServer.Region, new BasicAWSCredentials(accessKeyId, secretAccessKey), "test"));

    /// <summary>Asserts that <paramref name="call"/> fails with the server's error, as the client words it: <c>Code: message</c>.</summary>
    public static async Task FailsAsync(Func<Task> call, string expected)
    {
        var error = await Assert.ThrowsAsync<CliException>(() => call().WithTimeout());
        Assert.Equal(expected, error.Message);
    }

    /// <summary>A user name no other test uses.</summary>
    public static string NewUserName(string stem) => $"{stem}-{Guid.NewGuid().ToString("N")[..8]}";
}

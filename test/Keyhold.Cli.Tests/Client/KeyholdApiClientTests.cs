using System.Text;
using Keyhold.Cli.Client;
using Keyhold.Cli.Tests.Infrastructure;

namespace Keyhold.Cli.Tests.Client;

/// <summary>How the client reports what the server (or no server) answered.</summary>
[Collection(SharedCliServer.Name)]
public sealed class KeyholdApiClientTests(CliServer server)
{
    [Theory]
    [InlineData(400, """{"__type":"NotFoundException","message":"Alias arn:aws:kms:us-east-1:111122223333:alias/x is not found."}""", "NotFoundException: Alias arn:aws:kms:us-east-1:111122223333:alias/x is not found.")]
    [InlineData(400, """{"__type":"com.amazonaws.kms#KMSInvalidStateException","Message":"Key is pending deletion"}""", "KMSInvalidStateException: Key is pending deletion")]
    [InlineData(400, """{"__type":"UnknownOperationException"}""", "UnknownOperationException")]
    [InlineData(502, "<html>\r\n<h1>Bad gateway</h1>\r\n</html>", "The server answered HTTP 502: <html> <h1>Bad gateway</h1> </html>")]
    [InlineData(503, "", "The server answered HTTP 503")]
    public void ErrorFrom_ResponseBody_GivesOneLineMessage(int status, string body, string message)
    {
        var error = KeyholdApiClient.ErrorFrom(status, Encoding.UTF8.GetBytes(body));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task Call_NoServerAtEndpoint_PrintsOneLineAndExits1()
    {
        var result = await CliServer.RunWithoutConnectionAsync(
            "aliases", "history", "alias/application-current", "--endpoint-url", "http://127.0.0.1:9", "--profile", CliServer.Profile, "--region", CliServer.Region);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("keyhold: No Keyhold server answers at http://127.0.0.1:9/: ", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_OtherRegion_SignsForThatRegion()
    {
        // The server takes the region from the credential scope; a signature for another region verifies too.
        var key = await server.CreateKeyAsync("other region");

        var result = await CliServer.RunWithoutConnectionAsync(
            "keys", "usage", key.KeyId, "--endpoint-url", server.Endpoint.ToString(), "--profile", CliServer.Profile, "--region", "eu-west-1");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("keyhold: NotFoundException: ", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.Contains(":eu-west-1:", result.Error, StringComparison.Ordinal);
    }
}

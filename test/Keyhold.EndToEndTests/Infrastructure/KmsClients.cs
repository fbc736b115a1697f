using Amazon.KeyManagementService;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;

namespace Keyhold.EndToEndTests.Infrastructure;

/// <summary>AWS SDK for .NET clients for a server process, with the credentials the SDK itself reads from admin-credentials.</summary>
public static class KmsClients
{
    public const string Region = "us-east-1";

    /// <summary>A client without retries, so a refused or cut-off request fails at once instead of being silently repeated.</summary>
    public static AmazonKeyManagementServiceClient Create(KeyholdProcess server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return new AmazonKeyManagementServiceClient(ReadProfile(server.CredentialsPath), new AmazonKeyManagementServiceConfig
        {
            ServiceURL = server.Endpoint.ToString(),
            AuthenticationRegion = Region,
            MaxErrorRetry = 0,
            Timeout = TestTimeouts.Request,
        });
    }

    /// <summary>The profile <c>keyhold</c> of a shared-credentials file, read by the SDK's own parser.</summary>
    public static AWSCredentials ReadProfile(string credentialsPath)
    {
        var file = new SharedCredentialsFile(credentialsPath);
        Assert.True(file.TryGetProfile("keyhold", out var profile), $"{credentialsPath} has no [keyhold] profile.");
        Assert.True(AWSCredentialsFactory.TryGetAWSCredentials(profile, file, out var credentials), $"The [keyhold] profile in {credentialsPath} has no usable keys.");
        return credentials;
    }
}

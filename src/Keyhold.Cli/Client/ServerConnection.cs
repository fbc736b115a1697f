using Amazon;
using Amazon.KeyManagementService;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;

namespace Keyhold.Cli.Client;

/// <summary>Where the server is and who we are: endpoint, region and credentials, resolved as the AWS CLI does.</summary>
internal sealed record ServerConnection(Uri Endpoint, string Region, AWSCredentials Credentials, string CredentialSource)
{
    public static ServerConnection Resolve(string? endpointUrl, string? profileName, string? region)
    {
        var endpoint = endpointUrl
            ?? Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_KMS")
            ?? Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL")
            ?? ClientOptions.DefaultEndpoint;
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliException($"'{endpoint}' is not an http:// or https:// endpoint URL.");
        }

        profileName ??= Environment.GetEnvironmentVariable("AWS_PROFILE");
        var chain = new CredentialProfileStoreChain();
        CredentialProfile? profile = null;
        if (profileName is not null && !chain.TryGetProfile(profileName, out profile))
        {
            throw new CliException($"The credentials profile '{profileName}' was not found (looked in AWS_SHARED_CREDENTIALS_FILE / ~/.aws/credentials and AWS_CONFIG_FILE / ~/.aws/config).");
        }

        region ??= Environment.GetEnvironmentVariable("AWS_REGION")
            ?? Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION")
            ?? profile?.Region?.SystemName
            ?? "us-east-1";

        var (credentials, source) = ResolveCredentials(chain, profile, profileName);
        return new ServerConnection(uri, region, credentials, source);
    }

    /// <summary>
    /// The AWS CLI's order, minus anything that leaves the machine (no instance metadata, no SSO): the named profile,
    /// the AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY variables, the default profile, then the administrator
    /// credentials a local server wrote in ~/.keyhold/admin-credentials.
    /// </summary>
    private static (AWSCredentials Credentials, string Source) ResolveCredentials(CredentialProfileStoreChain chain, CredentialProfile? profile, string? profileName)
    {
        if (profile is not null && chain.TryGetAWSCredentials(profileName, out var fromProfile))
        {
            return (fromProfile, $"profile {profileName}");
        }

        var accessKeyId = Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID");
        var secret = Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY");
        if (!string.IsNullOrEmpty(accessKeyId) && !string.IsNullOrEmpty(secret))
        {
            var token = Environment.GetEnvironmentVariable("AWS_SESSION_TOKEN");
            return (string.IsNullOrEmpty(token) ? new BasicAWSCredentials(accessKeyId, secret) : new SessionAWSCredentials(accessKeyId, secret, token), "AWS_ACCESS_KEY_ID");
        }

        if (chain.TryGetAWSCredentials("default", out var fromDefault))
        {
            return (fromDefault, "profile default");
        }

        var adminFile = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".keyhold", "admin-credentials");
        if (File.Exists(adminFile) && new CredentialProfileStoreChain(adminFile).TryGetAWSCredentials("keyhold", out var fromAdmin))
        {
            return (fromAdmin, $"profile keyhold in {adminFile}");
        }

        throw new CliException("No credentials found: use --profile or AWS_PROFILE (with AWS_SHARED_CREDENTIALS_FILE, e.g. <data>/admin-credentials and profile keyhold), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.");
    }

    public AmazonKeyManagementServiceClient CreateKmsClient() => new(Credentials, new AmazonKeyManagementServiceConfig
    {
        ServiceURL = Endpoint.ToString(),
        AuthenticationRegion = Region,
        MaxErrorRetry = 2,
    });
}

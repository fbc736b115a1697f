using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.Runtime.Internal.Util;

namespace Keyhold.Protocol.Tests.Authentication;

/// <summary>
/// Signs a KMS request with the AWS SDK for .NET's own signer (AWSSDK.Core 4.x,
/// <c>Amazon.Runtime.Internal.Auth.AWS4Signer</c>, the signer the KMS client's pipeline runs), so the verifier is
/// checked against an implementation it shares no code with.
/// </summary>
internal static class AwsSdkSigner
{
    public const string AccessKeyId = "AKIDEXAMPLE";
    public const string Secret = TestRequests.SuiteSecret;

    public static readonly DateTime SignedAt = new(2026, 12, 3, 10, 0, 0, DateTimeKind.Utc);

    /// <summary>Returns every header the signed request carries, Authorization included.</summary>
    public static List<KeyValuePair<string, string>> SignKmsRequest(
        string target,
        string body,
        string secret = Secret,
        string service = "kms",
        string region = "us-east-1",
        string? sessionToken = null,
        string endpoint = "http://localhost:4599")
    {
        var config = new KmsClientConfig(endpoint) { AuthenticationRegion = region, AuthenticationServiceName = service };
        var request = new DefaultRequest(new SdkRequest(), "KeyManagementService")
        {
            HttpMethod = "POST",
            ResourcePath = "/",
            Endpoint = new Uri(endpoint),
            Content = Encoding.UTF8.GetBytes(body),
        };

        // What the KMS client's marshaller and pipeline set before the signer runs.
        request.Headers["Content-Type"] = "application/x-amz-json-1.1";
        request.Headers["X-Amz-Target"] = target;
        request.Headers["User-Agent"] = "aws-sdk-dotnet-coreclr/4.1.1 ua/2.1 os/linux md/keyhold-tests";
        request.Headers["amz-sdk-invocation-id"] = "3f2c8e7a-5b1d-4c6e-9a0f-7d8e9f0a1b2c";
        request.Headers["amz-sdk-request"] = "attempt=1; max=5";
        if (sessionToken is not null)
        {
            // AWS4Signer.Sign adds the token this way when the credentials carry one.
            request.Headers["X-Amz-Security-Token"] = sessionToken;
        }

        // AWS4Signer.Sign does exactly this with the result, at the current time instead of a fixed one.
        var result = new AWS4Signer().SignRequest(request, config, new RequestMetrics(), AccessKeyId, secret, SignedAt);
        request.Headers["Authorization"] = result.ForAuthorizationHeader;
        return [.. request.Headers];
    }

    private sealed class SdkRequest : AmazonWebServiceRequest
    {
    }

    private sealed class KmsClientConfig(string serviceUrl) : ClientConfig(null)
    {
        public override string RegionEndpointServiceName => "kms";

        public override string ServiceVersion => "2014-11-01";

        public override string UserAgent => "keyhold-tests";

        public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters) =>
            new(serviceUrl);
    }
}

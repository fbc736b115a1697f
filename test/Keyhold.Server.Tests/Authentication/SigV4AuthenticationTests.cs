using System.Net;
using System.Text.Json;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;
using Keyhold.Server.Tests.Infrastructure;

namespace Keyhold.Server.Tests.Authentication;

public sealed class SigV4AuthenticationTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly TestServer _server = fixture.Server;

    [Fact]
    public async Task Request_NoAuthorizationHeader_ReturnsMissingAuthenticationToken()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, _server.Endpoint) { Content = new StringContent("{}") };
        request.Headers.Add("X-Amz-Target", "TrentService.ListKeys");

        using var response = await http.SendAsync(request).WithTimeout();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
            "{\"__type\":\"MissingAuthenticationTokenException\",\"message\":\"Request is missing Authentication Token\"}",
            await response.Content.ReadAsStringAsync().WithTimeout());
    }

    [Fact]
    public async Task Request_UnsignedSdkCall_ThrowsMissingAuthenticationToken()
    {
        using var client = new AmazonKeyManagementServiceClient(new AnonymousAWSCredentials(), Config("us-east-1"));

        await KmsAssert.ErrorAsync(
            () => client.ListKeysAsync(new ListKeysRequest()), "MissingAuthenticationTokenException", "Request is missing Authentication Token");
    }

    [Fact]
    public async Task Request_UnknownAccessKey_ThrowsUnrecognizedClient()
    {
        using var client = _server.CreateClient("AKIAUNKNOWNUNKNOWN00", _server.Credentials.SecretAccessKey);

        await KmsAssert.ErrorAsync(
            () => client.ListKeysAsync(new ListKeysRequest()), "UnrecognizedClientException", "The security token included in the request is invalid.");
    }

    [Fact]
    public async Task Request_RightAccessKeyWrongSecret_ThrowsInvalidSignature()
    {
        using var client = _server.CreateClient(_server.Credentials.AccessKeyId, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");

        await KmsAssert.ErrorAsync(
            () => client.CreateKeyAsync(new CreateKeyRequest()),
            "InvalidSignatureException",
            "The request signature we calculated does not match the signature you provided. "
            + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
    }

    [Fact]
    public async Task Request_WrongSecret_CreatesNothing()
    {
        using var good = _server.CreateClient();
        using var bad = _server.CreateClient(_server.Credentials.AccessKeyId, "not-the-secret");
        var before = await good.ListAllKeyIdsAsync();

        await KmsAssert.ErrorAsync(() => bad.CreateKeyAsync(new CreateKeyRequest()), "InvalidSignatureException");

        Assert.Equal(before, await good.ListAllKeyIdsAsync());
    }

    [Fact]
    public async Task Request_SignedForEuWest1_WorksInThatRegionOnly()
    {
        using var eu = _server.CreateClient(region: "eu-west-1");
        using var us = _server.CreateClient();

        var euKey = await eu.CreateTestKeyAsync();
        var usKey = await us.CreateTestKeyAsync();

        Assert.Equal($"arn:aws:kms:eu-west-1:{_server.AccountId}:key/{euKey.KeyId}", euKey.Arn);
        var euKeys = await eu.ListAllKeyIdsAsync();
        var usKeys = await us.ListAllKeyIdsAsync();
        Assert.Contains(euKey.KeyId, euKeys);
        Assert.DoesNotContain(usKey.KeyId, euKeys);
        Assert.Contains(usKey.KeyId, usKeys);
        Assert.DoesNotContain(euKey.KeyId, usKeys);
        var listed = await eu.ListKeysAsync(new ListKeysRequest()).WithTimeout();
        Assert.All(listed.Keys, k => Assert.StartsWith("arn:aws:kms:eu-west-1:", k.KeyArn, StringComparison.Ordinal));
        await KmsAssert.ThrowsAsync<NotFoundException>(() => us.DescribeKeyAsync(new DescribeKeyRequest { KeyId = euKey.Arn }), "Invalid arn eu-west-1");
        var encrypted = await eu.EncryptAsync(new EncryptRequest { KeyId = euKey.KeyId, Plaintext = new MemoryStream([1]) }).WithTimeout();
        Assert.Equal(euKey.Arn, encrypted.KeyId);
    }

    [Fact]
    public async Task DevMode_AnyAccessKey_ActsInTheDevAccount()
    {
        await using var dev = await TestServer.StartAsync(dev: true);
        using var first = dev.CreateClient("AKIAANYTHINGATALL000", "any secret");
        using var second = dev.CreateClient("AKIASOMEONEELSE00000", "another secret");

        var key = await first.CreateTestKeyAsync();

        Assert.Equal("111122223333", dev.AccountId);
        Assert.Equal("111122223333", key.AWSAccountId);
        Assert.Equal($"arn:aws:kms:us-east-1:111122223333:key/{key.KeyId}", key.Arn);
        Assert.Equal(key.Arn, (await second.DescribeAsync(key.KeyId)).Arn);
        Assert.False(File.Exists(Path.Combine(dev.DataDirectory, "admin-credentials")));
    }

    [Fact]
    public async Task DevMode_UnsignedRequest_StillNeedsAnAuthorizationHeader()
    {
        await using var dev = await TestServer.StartAsync(dev: true);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, dev.Endpoint) { Content = new StringContent("{}") };
        request.Headers.Add("X-Amz-Target", "TrentService.ListKeys");

        using var response = await http.SendAsync(request).WithTimeout();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync().WithTimeout());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("MissingAuthenticationTokenException", body.RootElement.GetProperty("__type").GetString());
    }

    private AmazonKeyManagementServiceConfig Config(string region) => new()
    {
        ServiceURL = _server.Endpoint.ToString(),
        AuthenticationRegion = region,
        MaxErrorRetry = 0,
        Timeout = TimeoutExtensions.Timeout,
    };
}

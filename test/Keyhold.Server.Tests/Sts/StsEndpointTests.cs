using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using Keyhold.Protocol.Authentication;
using Keyhold.Server.Tests.Infrastructure;

namespace Keyhold.Server.Tests.Sts;

/// <summary>sts:GetCallerIdentity as the AWS CLI and SDKs send it (form-encoded POST /, signed for sts), answered in STS's XML.</summary>
public sealed class StsEndpointTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Body = "Action=GetCallerIdentity&Version=2011-06-15";
    private static readonly XNamespace Sts = "https://sts.amazonaws.com/doc/2011-06-15/";
    private readonly TestServer _server = fixture.Server;

    [Fact]
    public async Task GetCallerIdentity_Root_ReturnsAccountIdAsUserId()
    {
        var (status, xml) = await CallAsync(_server.Credentials.AccessKeyId, _server.Credentials.SecretAccessKey, "sts");

        Assert.Equal(HttpStatusCode.OK, status);
        var result = xml.Root!.Element(Sts + "GetCallerIdentityResult")!;
        Assert.Equal($"arn:aws:iam::{_server.AccountId}:root", result.Element(Sts + "Arn")!.Value);
        Assert.Equal(_server.AccountId, result.Element(Sts + "UserId")!.Value);
        Assert.Equal(_server.AccountId, result.Element(Sts + "Account")!.Value);
        Assert.Matches("^[0-9a-f-]{36}$", xml.Root.Element(Sts + "ResponseMetadata")!.Element(Sts + "RequestId")!.Value);
    }

    [Fact]
    public async Task GetCallerIdentity_User_ReturnsItsUserId()
    {
        using var admin = IamClients.Admin(_server);
        var name = IamClients.NewUserName("sts");
        var user = (await admin.CreateUserAsync(name, default).WithTimeout()).User;
        var key = (await admin.CreateAccessKeyAsync(name, default).WithTimeout()).AccessKey;

        var (status, xml) = await CallAsync(key.AccessKeyId, key.SecretAccessKey, "sts");

        Assert.Equal(HttpStatusCode.OK, status);
        var result = xml.Root!.Element(Sts + "GetCallerIdentityResult")!;
        Assert.Equal(user.Arn, result.Element(Sts + "Arn")!.Value);
        Assert.Equal(user.UserId, result.Element(Sts + "UserId")!.Value);
    }

    [Fact]
    public async Task GetCallerIdentity_UnknownAccessKey_InvalidClientTokenId403()
    {
        var (status, xml) = await CallAsync("AKIAUNKNOWNUNKNOWN00", "secret", "sts");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        var error = xml.Root!.Element(Sts + "Error")!;
        Assert.Equal("Sender", error.Element(Sts + "Type")!.Value);
        Assert.Equal("InvalidClientTokenId", error.Element(Sts + "Code")!.Value);
        Assert.Equal("The security token included in the request is invalid.", error.Element(Sts + "Message")!.Value);
    }

    [Fact]
    public async Task GetCallerIdentity_WrongSecretOrSignedForKms_Refused()
    {
        var (status, xml) = await CallAsync(_server.Credentials.AccessKeyId, "wrong-secret", "sts");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("SignatureDoesNotMatch", xml.Root!.Element(Sts + "Error")!.Element(Sts + "Code")!.Value);

        (status, xml) = await CallAsync(_server.Credentials.AccessKeyId, _server.Credentials.SecretAccessKey, "kms");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("Credential should be scoped to correct service: 'sts'. ", xml.Root!.Element(Sts + "Error")!.Element(Sts + "Message")!.Value);
    }

    [Fact]
    public async Task KmsPath_SignedForSts_InvalidSignature()
    {
        using var http = new HttpClient();
        var body = "{}"u8.ToArray();
        using var request = new HttpRequestMessage(HttpMethod.Post, _server.Endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.Add("X-Amz-Target", "TrentService.ListKeys");
        Sign(request, body, [new("Content-Type", "application/x-amz-json-1.1"), new("X-Amz-Target", "TrentService.ListKeys")], _server.Credentials.AccessKeyId, _server.Credentials.SecretAccessKey, "sts");

        using var response = await http.SendAsync(request).WithTimeout();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync().WithTimeout());
        Assert.Equal("InvalidSignatureException", json.RootElement.GetProperty("__type").GetString());
        Assert.Equal("Credential should be scoped to correct service: 'kms'. ", json.RootElement.GetProperty("message").GetString());
    }

    private async Task<(HttpStatusCode Status, XDocument Xml)> CallAsync(string accessKeyId, string secret, string service)
    {
        using var http = new HttpClient();
        var body = Encoding.UTF8.GetBytes(Body);
        using var request = new HttpRequestMessage(HttpMethod.Post, _server.Endpoint) { Content = new ByteArrayContent(body) };
        const string contentType = "application/x-www-form-urlencoded; charset=utf-8";
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        Sign(request, body, [new("Content-Type", contentType)], accessKeyId, secret, service);
        using var response = await http.SendAsync(request).WithTimeout();
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, XDocument.Parse(await response.Content.ReadAsStringAsync().WithTimeout()));
    }

    private static void Sign(HttpRequestMessage request, byte[] body, KeyValuePair<string, string>[] headers, string accessKeyId, string secret, string service)
    {
        var signed = SigV4Signer.Sign("POST", request.RequestUri!, headers, body, accessKeyId, secret, null, TestServer.Region, service, DateTimeOffset.UtcNow);
        foreach (var (name, value) in signed)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }
}

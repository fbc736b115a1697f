using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Amazon.Runtime;
using Keyhold.Cli.Wire;
using Keyhold.Protocol.Authentication;

namespace Keyhold.Cli.Client;

/// <summary>
/// Calls Keyhold's own operations (<c>POST /</c>, <c>X-Amz-Target: KeyholdService.&lt;Name&gt;</c>, AWS JSON 1.1),
/// signed with SigV4 for service <c>kms</c> exactly like a KMS call. An AWS error body becomes a
/// <see cref="CliException"/> reading <c>&lt;__type&gt;: &lt;message&gt;</c>.
/// </summary>
internal sealed class KeyholdApiClient : IDisposable
{
    public const string ContentType = "application/x-amz-json-1.1";
    public const string TargetPrefix = "KeyholdService.";
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private readonly ServerConnection _connection;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    public KeyholdApiClient(ServerConnection connection, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
        _time = time ?? TimeProvider.System;
        _http = new HttpClient { Timeout = DefaultTimeout };
    }

    public Task<RotateAliasResponse> RotateAliasAsync(RotateAliasRequest request, CancellationToken cancellationToken) =>
        CallAsync("RotateAlias", request, CliJsonContext.Default.RotateAliasRequest, CliJsonContext.Default.RotateAliasResponse, cancellationToken);

    public Task<GetAliasHistoryResponse> GetAliasHistoryAsync(string aliasName, CancellationToken cancellationToken) =>
        CallAsync("GetAliasHistory", new AliasNameRequest(aliasName), CliJsonContext.Default.AliasNameRequest, CliJsonContext.Default.GetAliasHistoryResponse, cancellationToken);

    public Task<GetKeyUsageResponse> GetKeyUsageAsync(string keyId, CancellationToken cancellationToken) =>
        CallAsync("GetKeyUsage", new KeyIdRequest(keyId), CliJsonContext.Default.KeyIdRequest, CliJsonContext.Default.GetKeyUsageResponse, cancellationToken);

    public Task<CreateUserResponse> CreateUserAsync(string userName, CancellationToken cancellationToken) =>
        CallAsync("CreateUser", new UserNameRequest(userName), CliJsonContext.Default.UserNameRequest, CliJsonContext.Default.CreateUserResponse, cancellationToken);

    public Task<ListUsersResponse> ListUsersAsync(CancellationToken cancellationToken) =>
        CallAsync("ListUsers", new EmptyRequest(), CliJsonContext.Default.EmptyRequest, CliJsonContext.Default.ListUsersResponse, cancellationToken);

    public Task<EmptyResponse> DeleteUserAsync(string userName, CancellationToken cancellationToken) =>
        CallAsync("DeleteUser", new UserNameRequest(userName), CliJsonContext.Default.UserNameRequest, CliJsonContext.Default.EmptyResponse, cancellationToken);

    public Task<EmptyResponse> PutUserPolicyAsync(string userName, string policyName, string document, CancellationToken cancellationToken) =>
        CallAsync("PutUserPolicy", new PutUserPolicyRequest(userName, policyName, document), CliJsonContext.Default.PutUserPolicyRequest, CliJsonContext.Default.EmptyResponse, cancellationToken);

    public Task<GetUserPolicyResponse> GetUserPolicyAsync(string userName, string policyName, CancellationToken cancellationToken) =>
        CallAsync("GetUserPolicy", new UserPolicyRequest(userName, policyName), CliJsonContext.Default.UserPolicyRequest, CliJsonContext.Default.GetUserPolicyResponse, cancellationToken);

    public Task<ListUserPoliciesResponse> ListUserPoliciesAsync(string userName, CancellationToken cancellationToken) =>
        CallAsync("ListUserPolicies", new UserNameRequest(userName), CliJsonContext.Default.UserNameRequest, CliJsonContext.Default.ListUserPoliciesResponse, cancellationToken);

    public Task<EmptyResponse> DeleteUserPolicyAsync(string userName, string policyName, CancellationToken cancellationToken) =>
        CallAsync("DeleteUserPolicy", new UserPolicyRequest(userName, policyName), CliJsonContext.Default.UserPolicyRequest, CliJsonContext.Default.EmptyResponse, cancellationToken);

    /// <summary>A new access key for <paramref name="userName"/>, or for the caller itself when null.</summary>
    public Task<CreateAccessKeyResponse> CreateAccessKeyAsync(string? userName, CancellationToken cancellationToken) =>
        CallAsync("CreateAccessKey", new UserNameRequest(userName), CliJsonContext.Default.UserNameRequest, CliJsonContext.Default.CreateAccessKeyResponse, cancellationToken);

    public Task<ListAccessKeysResponse> ListAccessKeysAsync(string? userName, CancellationToken cancellationToken) =>
        CallAsync("ListAccessKeys", new UserNameRequest(userName), CliJsonContext.Default.UserNameRequest, CliJsonContext.Default.ListAccessKeysResponse, cancellationToken);

    /// <summary>Sets the key's status: Active or Inactive.</summary>
    public Task<EmptyResponse> UpdateAccessKeyAsync(string accessKeyId, string status, CancellationToken cancellationToken) =>
        CallAsync("UpdateAccessKey", new UpdateAccessKeyRequest(accessKeyId, status), CliJsonContext.Default.UpdateAccessKeyRequest, CliJsonContext.Default.EmptyResponse, cancellationToken);

    public Task<EmptyResponse> DeleteAccessKeyAsync(string accessKeyId, CancellationToken cancellationToken) =>
        CallAsync("DeleteAccessKey", new DeleteAccessKeyRequest(accessKeyId), CliJsonContext.Default.DeleteAccessKeyRequest, CliJsonContext.Default.EmptyResponse, cancellationToken);

    public Task<CreateAccountResponse> CreateAccountAsync(CancellationToken cancellationToken) =>
        CallAsync("CreateAccount", new EmptyRequest(), CliJsonContext.Default.EmptyRequest, CliJsonContext.Default.CreateAccountResponse, cancellationToken);

    /// <summary>Posts <paramref name="request"/> to <c>KeyholdService.<paramref name="operation"/></c> and reads the response.</summary>
    public async Task<TResponse> CallAsync<TRequest, TResponse>(
        string operation,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, requestType);
        using var message = Sign(new HttpRequestMessage(HttpMethod.Post, _connection.Endpoint) { Content = new ByteArrayContent(body) }, TargetPrefix + operation, body);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new CliException($"No Keyhold server answers at {_connection.Endpoint}: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException($"The Keyhold server at {_connection.Endpoint} did not answer {operation} within {_http.Timeout.TotalSeconds:0} s.", ex);
        }

        using (response)
        {
            var content = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw ErrorFrom((int)response.StatusCode, content);
            }

            try
            {
                return JsonSerializer.Deserialize(content, responseType)
                    ?? throw new CliException($"The server answered {operation} with an empty response.");
            }
            catch (JsonException ex)
            {
                throw new CliException($"The server's {operation} response is not what this keyhold understands: {ex.Message}", ex);
            }
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The AWS error code and message of an error response, or its HTTP status when the body is not an AWS error.</summary>
    internal static CliException ErrorFrom(int status, byte[] content)
    {
        try
        {
            if (JsonSerializer.Deserialize(content, CliJsonContext.Default.ErrorResponse) is { Code: { Length: > 0 } code } error)
            {
                return new CliException(string.IsNullOrEmpty(error.Message) ? code : $"{code}: {error.Message}");
            }
        }
        catch (JsonException)
        {
            // Not an AWS error body (a proxy's error page, say): report the status and the start of the body.
        }

        var text = Encoding.UTF8.GetString(content.AsSpan(0, Math.Min(content.Length, 200))).ReplaceLineEndings(" ").Trim();
        return new CliException($"The server answered HTTP {status}{(text.Length > 0 ? ": " + text : string.Empty)}");
    }

    private HttpRequestMessage Sign(HttpRequestMessage message, string target, byte[] body)
    {
        ImmutableCredentials credentials;
        try
        {
            credentials = _connection.Credentials.GetCredentials();
        }
        catch (AmazonClientException ex)
        {
            message.Dispose();
            throw new CliException($"Could not read the credentials from {_connection.CredentialSource}: {ex.Message}", ex);
        }

        message.Content!.Headers.ContentType = new MediaTypeHeaderValue(ContentType);
        message.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        var signed = SigV4Signer.Sign(
            "POST",
            _connection.Endpoint,
            [new("Content-Type", ContentType), new("X-Amz-Target", target)],
            body,
            credentials.AccessKey,
            credentials.SecretKey,
            credentials.UseToken ? credentials.Token : null,
            _connection.Region,
            "kms",
            _time.GetUtcNow());
        foreach (var (name, value) in signed)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return message;
    }
}

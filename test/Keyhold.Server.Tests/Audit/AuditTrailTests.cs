using System.Net;
using System.Text.Json;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Core.Audit;
using Keyhold.Core.Storage;
using Keyhold.Server.Audit;
using Keyhold.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Keyhold.Server.Tests.Audit;

/// <summary>
/// The audit trail on a real server of its own (the tests tamper with its database): an event per request, allowed,
/// denied or failed, in CloudTrail's shape without secrets; the hash chain detects edits and removals; the server fails
/// closed when the trail cannot be written.
/// </summary>
public sealed class AuditTrailTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private AmazonKeyManagementServiceClient _client = null!;
    private string _auditFile = null!;

    public async Task InitializeAsync()
    {
        _auditFile = Path.Combine(Path.GetTempPath(), $"keyhold-audit-{Guid.NewGuid():N}.jsonl");
        _server = await TestServer.StartAsync(configure: o => o.AuditFile = _auditFile);
        _client = _server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        File.Delete(_auditFile);
    }

    [Fact]
    public async Task Requests_AllowedDeniedAndFailed_EachBecomeOneEventWithoutSecrets()
    {
        var key = await _client.CreateTestKeyAsync();
        await _client.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream("top secret"u8.ToArray()), EncryptionContext = new() { ["app"] = "billing" } }).WithTimeout();
        await KmsAssert.ThrowsAsync<NotFoundException>(() => _client.EncryptAsync(new EncryptRequest { KeyId = Guid.NewGuid().ToString(), Plaintext = new MemoryStream([1]) }));
        var (user, userArn) = await _server.CreateUserAsync("auditee");
        using var userClient = user;
        await KmsAssert.DeniedAsync(() => userClient.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream([1]) }));

        var events = (await ListAsync(new AuditQuery { AccountId = _server.AccountId, EventName = "Encrypt", Limit = 100 }))
            .Select(e => JsonDocument.Parse(e.Event.Json).RootElement).ToList();

        Assert.Equal(3, events.Count);
        var allowed = events[0];
        Assert.Equal("kms.amazonaws.com", allowed.GetProperty("eventSource").GetString());
        Assert.Equal("Root", allowed.GetProperty("userIdentity").GetProperty("type").GetString());
        Assert.Equal(key.Arn, allowed.GetProperty("resources")[0].GetProperty("ARN").GetString());
        Assert.Equal("billing", allowed.GetProperty("requestParameters").GetProperty("encryptionContext").GetProperty("app").GetString());
        Assert.False(allowed.TryGetProperty("errorCode", out _));
        Assert.True(allowed.GetProperty("readOnly").GetBoolean());
        Assert.Equal("NotFoundException", events[1].GetProperty("errorCode").GetString());
        Assert.Equal("AccessDeniedException", events[2].GetProperty("errorCode").GetString());
        Assert.Equal(userArn, events[2].GetProperty("userIdentity").GetProperty("arn").GetString());
        Assert.Equal("IAMUser", events[2].GetProperty("userIdentity").GetProperty("type").GetString());
        Assert.All(events, e => Assert.DoesNotContain("plaintext", e.GetRawText(), StringComparison.OrdinalIgnoreCase));

        var createKey = JsonDocument.Parse((await ListAsync(new AuditQuery { EventName = "CreateKey", Limit = 1 }))[0].Event.Json).RootElement;
        Assert.False(createKey.GetProperty("readOnly").GetBoolean());
        Assert.Equal(key.KeyId, createKey.GetProperty("responseElements").GetProperty("keyMetadata").GetProperty("keyId").GetString());

        var lines = await File.ReadAllLinesAsync(_auditFile).WithTimeout();
        Assert.Contains(lines, l => l.Contains("\"AccessDeniedException\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_UntouchedChain_IsIntact_EditedOrRemovedEventIsDetected()
    {
        var key = await _client.CreateTestKeyAsync();
        for (var i = 0; i < 5; i++)
        {
            await _client.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key.KeyId }).WithTimeout();
        }

        var verifier = _server.Server.Services.GetRequiredService<AuditChainVerifier>();
        await WaitForWrittenAsync();
        var intact = await verifier.VerifyAsync(CancellationToken.None).WithTimeout();
        Assert.True(intact.Verified, intact.Problem);
        Assert.True(intact.Events >= 6);

        await ExecuteSqlAsync("UPDATE audit_events SET json = replace(json, 'DescribeKey', 'DeleteAlias') WHERE sequence = 3");
        var edited = await verifier.VerifyAsync(CancellationToken.None).WithTimeout();
        Assert.False(edited.Verified);
        Assert.Equal(3, edited.FirstBadSequence);
        Assert.Contains("changed", edited.Problem, StringComparison.Ordinal);

        await ExecuteSqlAsync("DELETE FROM audit_events WHERE sequence = 3");
        var removed = await verifier.VerifyAsync(CancellationToken.None).WithTimeout();
        Assert.False(removed.Verified);
        Assert.Equal(3, removed.FirstBadSequence);
        Assert.Contains("missing", removed.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditTrailUnwritable_RequestsFailClosed_UntilItRecovers()
    {
        var key = await _client.CreateTestKeyAsync();
        var trail = _server.Server.Services.GetRequiredService<AuditTrail>();
        await WaitForWrittenAsync(); // no batch in flight whose success would mark the trail available again

        trail.MarkFailing();
        var refused = await Assert.ThrowsAsync<KMSInternalException>(
            () => _client.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream([1]) }).WithTimeout());
        Assert.Equal(HttpStatusCode.InternalServerError, refused.StatusCode);
        Assert.Contains("audit trail cannot be written", refused.Message, StringComparison.Ordinal);

        trail.MarkWritten(0);
        await _client.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream([1]) }).WithTimeout();
        await WaitForWrittenAsync();
        var refusedEvents = await ListAsync(new AuditQuery { EventName = "Encrypt", ErrorsOnly = true, Limit = 10 });
        Assert.Contains(refusedEvents, e => e.Event.ErrorCode == "KMSInternalException");
    }

    private async Task<IReadOnlyList<AuditEventRecord>> ListAsync(AuditQuery query)
    {
        await WaitForWrittenAsync();
        return await _server.Server.Services.GetRequiredService<IKeyholdStore>().ListAuditEventsAsync(query, CancellationToken.None).WithTimeout();
    }

    private async Task WaitForWrittenAsync() =>
        Assert.True(await _server.Server.Services.GetRequiredService<AuditTrail>().WaitForWrittenAsync(TimeSpan.FromSeconds(10), CancellationToken.None).WithTimeout());

    private async Task ExecuteSqlAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_server.DataDirectory, "keyhold.db")};Pooling=False");
        await connection.OpenAsync().WithTimeout();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(1, await command.ExecuteNonQueryAsync().WithTimeout());
    }
}

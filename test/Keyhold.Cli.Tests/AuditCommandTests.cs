using System.Text.Json;
using Amazon.KeyManagementService.Model;
using Keyhold.Cli.Tests.Infrastructure;
using static Keyhold.Cli.Tests.AliasesCommandTests;

namespace Keyhold.Cli.Tests;

/// <summary><c>keyhold audit</c> and <c>keyhold audit verify</c> against a running server.</summary>
[Collection(SharedCliServer.Name)]
public sealed class AuditCommandTests(CliServer server)
{
    [Fact]
    public async Task Audit_KeyFilterJson_ListsEveryCallOnTheKeyIncludingFailures()
    {
        var key = await server.CreateKeyAsync("audited");
        await server.Kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream([1, 2, 3]) }).WithTimeout();
        await server.Kms.DisableKeyAsync(new DisableKeyRequest { KeyId = key.KeyId }).WithTimeout();
        await Assert.ThrowsAsync<DisabledException>(() => server.Kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream([1]) }).WithTimeout());

        var result = await server.RunAsync("audit", "--key", key.Arn, "--output", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var events = result.OutputLines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["CreateKey", "Encrypt", "DisableKey", "Encrypt"], events.Select(e => e.GetProperty("eventName").GetString()));
        Assert.Equal("DisabledException", events[3].GetProperty("errorCode").GetString());
        Assert.All(events, e => Assert.Equal($"arn:aws:iam::{server.AccountId}:root", e.GetProperty("userIdentity").GetProperty("arn").GetString()));
    }

    [Fact]
    public async Task Audit_ErrorsOnlyTable_ShowsTheFailedCall()
    {
        var missing = $"arn:aws:kms:{CliServer.Region}:{server.AccountId}:key/{Guid.NewGuid()}";
        await Assert.ThrowsAsync<NotFoundException>(() => server.Kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = missing }).WithTimeout());

        var result = await server.RunAsync("audit", "--errors-only", "--event-name", "DescribeKey", "--limit", "1000");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["SEQ", "TIME", "EVENT", "PRINCIPAL", "KEY", "ERROR"], Columns(result.OutputLines[0]));
        Assert.Contains(result.OutputLines.Skip(1), line => Columns(line) is [_, _, "DescribeKey", _, _, "NotFoundException"]);
    }

    [Fact]
    public async Task AuditVerify_UntouchedTrail_ReportsIntact()
    {
        await server.CreateKeyAsync("verify");

        var result = await server.RunAsync("audit", "verify");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches("^Audit trail intact: [0-9]+ events verified; head [0-9a-f]{64}\\.$", result.OutputLines[0]);
    }

    [Fact]
    public async Task Audit_BadTime_FailsWithClearMessage()
    {
        var result = await server.RunAsync("audit", "--from", "yesterday-ish");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--from 'yesterday-ish' is not a time", result.Error, StringComparison.Ordinal);
    }
}

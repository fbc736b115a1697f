using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.KeyManagementService.Model;
using Keyhold.Cli.Tests.Infrastructure;

namespace Keyhold.Cli.Tests;

/// <summary><c>keyhold aliases history</c>: every change of an alias, with who made it.</summary>
[Collection(SharedCliServer.Name)]
public sealed partial class AliasesCommandTests(CliServer server)
{
    [Fact]
    public async Task History_CreatedThenUpdatedAlias_ShowsBothChangesWithThePrincipal()
    {
        var first = await server.CreateKeyAsync("history first");
        var second = await server.CreateKeyAsync("history second");
        var alias = CliServer.NewAliasName();
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        await server.Kms.CreateAliasAsync(new CreateAliasRequest { AliasName = alias, TargetKeyId = first.KeyId }).WithTimeout();
        await server.Kms.UpdateAliasAsync(new UpdateAliasRequest { AliasName = alias, TargetKeyId = second.KeyId }).WithTimeout();

        var result = await server.RunAsync("aliases", "history", alias);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.OutputLines;
        Assert.Equal(4, lines.Length);
        Assert.Equal($"{alias} (arn:aws:kms:{CliServer.Region}:{server.AccountId}:{alias})", lines[0]);
        Assert.Equal(["WHEN", "CHANGE", "TARGET", "PREVIOUS TARGET", "BY"], Columns(lines[1]));
        var created = Columns(lines[2]);
        var updated = Columns(lines[3]);
        Assert.Equal(["Create", first.KeyId, "-"], created[1..4]);
        Assert.Equal(["Update", second.KeyId, first.KeyId], updated[1..4]);
        foreach (var row in new[] { created, updated })
        {
            var when = DateTimeOffset.ParseExact(row[0], "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            Assert.InRange(when, before, DateTimeOffset.UtcNow.AddSeconds(5));
            Assert.StartsWith($"arn:aws:iam::{server.AccountId}:", row[4], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task History_AfterRotateAlias_ShowsTheRotationAsAnUpdate()
    {
        var old = await server.CreateKeyAsync("history rotation");
        var alias = CliServer.NewAliasName();
        await server.Kms.CreateAliasAsync(new CreateAliasRequest { AliasName = alias, TargetKeyId = old.KeyId }).WithTimeout();
        Assert.Equal(0, (await server.RunAsync("rotate-alias", alias)).ExitCode);
        var newKeyId = await server.TargetOfAsync(alias);

        var result = await server.RunAsync("aliases", "history", alias, "--output", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var document = JsonDocument.Parse(result.Output);
        var changes = document.RootElement.GetProperty("Changes").EnumerateArray().ToList();
        Assert.Equal(["Create", "Update"], changes.Select(c => c.GetProperty("Change").GetString()));
        Assert.Equal(newKeyId, changes[1].GetProperty("TargetKeyId").GetString());
        Assert.Equal(old.KeyId, changes[1].GetProperty("PreviousTargetKeyId").GetString());
        Assert.Equal(JsonValueKind.Number, changes[1].GetProperty("ChangedAt").ValueKind);
        Assert.StartsWith($"arn:aws:iam::{server.AccountId}:", changes[1].GetProperty("ChangedBy").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_UnknownAlias_PrintsOneLineAndExits1()
    {
        var result = await server.RunAsync("aliases", "history", "alias/never-existed");

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.StartsWith("keyhold: NotFoundException: ", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    internal static string[] Columns(string line) => ColumnGap().Split(line.Trim());

    [GeneratedRegex(" {2,}")]
    private static partial Regex ColumnGap();
}

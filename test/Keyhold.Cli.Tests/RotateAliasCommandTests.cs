using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Cli.Tests.Infrastructure;
using Keyhold.Server.Rotation;
using Microsoft.Extensions.DependencyInjection;

namespace Keyhold.Cli.Tests;

/// <summary>
/// <c>keyhold rotate-alias</c> end to end: the AWS Knowledge Center's manual rotation (alias/application-current on
/// a key with ciphertexts → a dated alias on the old key, a new key with the same settings, the alias moved to it).
/// </summary>
[Collection(SharedCliServer.Name)]
public sealed partial class RotateAliasCommandTests(CliServer server)
{
    [Fact]
    public async Task RotateAlias_AliasOfKeyWithCiphertexts_MovesAliasToCopyAndKeepsOldKeyUnderDatedAlias()
    {
        var policy = Policy(server.AccountId);
        List<Tag> tags = [new() { TagKey = "team", TagValue = "payments" }, new() { TagKey = "env", TagValue = "prod" }];
        var old = await server.CreateKeyAsync("application data key", policy, tags);
        var alias = CliServer.NewAliasName();
        await server.Kms.CreateAliasAsync(new CreateAliasRequest { AliasName = alias, TargetKeyId = old.KeyId }).WithTimeout();
        var plaintexts = Enumerable.Range(0, 5).Select(i => Encoding.UTF8.GetBytes($"record {i}")).ToList();
        var ciphertexts = new List<byte[]>();
        foreach (var plaintext in plaintexts)
        {
            ciphertexts.Add(await EncryptAsync(alias, plaintext));
        }

        var result = await server.RunAsync("rotate-alias", alias);

        Assert.True(result.ExitCode == 0, result.ToString());
        var newKeyId = await server.TargetOfAsync(alias);
        Assert.NotEqual(old.KeyId, newKeyId);
        var dated = DatedAlias(result.OutputLines[0]);
        Assert.Matches($"^{Regex.Escape(alias[..^"-current".Length])}-[0-9]{{8}}$", dated);
        Assert.Equal(
            [
                $"created {dated} -> {old.KeyId}",
                $"created key {newKeyId} (copy of {old.KeyId}: spec, usage, description, key policy, tags)",
                $"{alias} -> {newKeyId} (was {old.KeyId})",
                $"rotated {alias} to {newKeyId}; to roll back: keyhold rotate-alias {alias} --rollback",
            ],
            result.OutputLines);
        Assert.Empty(result.Error);

        // The old key stays reachable under the dated alias; the new one is a copy of it.
        Assert.Equal(old.KeyId, await server.TargetOfAsync(dated));
        var copy = (await server.Kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = newKeyId }).WithTimeout()).KeyMetadata;
        Assert.Equal(old.Description, copy.Description);
        Assert.Equal(old.KeySpec, copy.KeySpec);
        Assert.Equal(old.KeyUsage, copy.KeyUsage);
        Assert.Equal(await PolicyOfAsync(old.KeyId), await PolicyOfAsync(newKeyId));
        Assert.Equal(await TagsOfAsync(old.KeyId), await TagsOfAsync(newKeyId));
        Assert.Equal(["env=prod", "team=payments"], await TagsOfAsync(newKeyId));

        // Old ciphertexts still decrypt without a key id (KMS finds the old key in them) ...
        for (var i = 0; i < ciphertexts.Count; i++)
        {
            var decrypted = await server.Kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(ciphertexts[i]) }).WithTimeout();
            Assert.Equal(plaintexts[i], decrypted.Plaintext.ToArray());
            Assert.Equal(old.Arn, decrypted.KeyId);
        }

        // ... and what is encrypted under the alias from now on uses the new key.
        var encrypted = await server.Kms.EncryptAsync(new EncryptRequest { KeyId = alias, Plaintext = new MemoryStream("after rotation"u8.ToArray()) }).WithTimeout();
        Assert.EndsWith($":key/{newKeyId}", encrypted.KeyId, StringComparison.Ordinal);
        var roundTrip = await server.Kms.DecryptAsync(new DecryptRequest { CiphertextBlob = encrypted.CiphertextBlob }).WithTimeout();
        Assert.Equal("after rotation"u8.ToArray(), roundTrip.Plaintext.ToArray());
    }

    [Fact]
    public async Task RotateAlias_DryRun_PrintsThePlanAndChangesNothing()
    {
        var old = await server.CreateKeyAsync("dry run");
        var alias = CliServer.NewAliasName();
        await server.Kms.CreateAliasAsync(new CreateAliasRequest { AliasName = alias, TargetKeyId = old.KeyId }).WithTimeout();
        var keysBefore = await server.CountKeysAsync();

        var result = await server.RunAsync("rotate-alias", alias, "--dry-run");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.OutputLines;
        Assert.Equal(4, lines.Length);
        Assert.All(lines[..3], line => Assert.StartsWith("plan: ", line, StringComparison.Ordinal));
        var dated = DatedAlias(lines[0]);
        Assert.StartsWith($"plan: create key ", lines[1], StringComparison.Ordinal);
        Assert.Equal("dry run: nothing was changed; run again without --dry-run to rotate.", lines[3]);
        Assert.Equal(keysBefore, await server.CountKeysAsync());
        Assert.Equal(old.KeyId, await server.TargetOfAsync(alias));
        await Assert.ThrowsAsync<NotFoundException>(() => server.TargetOfAsync(dated));
    }

    [Fact]
    public async Task RotateAlias_DryRunAsJson_PlansTheKeyTheRotationThenCreates()
    {
        var old = await server.CreateKeyAsync("dry run json");
        var alias = CliServer.NewAliasName();
        await server.Kms.CreateAliasAsync(new CreateAliasRequest { AliasName = alias, TargetKeyId = old.KeyId }).WithTimeout();

        var plan = await server.RunAsync("rotate-alias", alias, "--dry-run", "--output", "json");

        Assert.True(plan.ExitCode == 0, plan.ToString());
        using var document = JsonDocument.Parse(plan.Output);
        var root = document.RootElement;
        Assert.True(root.GetProperty("DryRun").GetBoolean());
        Assert.Equal(alias, root.GetProperty("AliasName").GetString());
        Assert.Equal(old.KeyId, root.GetProperty("PreviousKeyId").GetString());
        Assert.Equal(["CreateDatedAlias", "CreateKey", "UpdateAlias"], root.GetProperty("Steps").EnumerateArray().Select(s => s.GetProperty("Action").GetString()));
        Assert.All(root.GetProperty("Steps").EnumerateArray(), s => Assert.Equal("Planned", s.GetProperty("Status").GetString()));
        var plannedKeyId = root.GetProperty("CurrentKeyId").GetString();

        var rotation = await server.RunAsync("rotate-alias", alias);

        Assert.True(rotation.ExitCode == 0, rotation.ToString());
        Assert.Equal(plannedKeyId, await server.TargetOfAsync(alias));
    }

    [Fact]
    public async Task RotateAlias_Rollback_PointsTheAliasBackAtTheOldKey()
    {
        var old = await server.CreateKeyAsync("rollback");
        var alias = CliServer.NewAliasName();
        await server.Kms.CreateAliasAsync(new CreateAliasRequest { AliasName = alias, TargetKeyId = old.KeyId }).WithTimeout();
        var rotation = await server.RunAsync("rotate-alias", alias);
        Assert.True(rotation.ExitCode == 0, rotation.ToString());
        var newKeyId = await server.TargetOfAsync(alias);

        var result = await server.RunAsync("rotate-alias", alias, "--rollback");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            [
                $"{alias} -> {old.KeyId} (was {newKeyId})",
                $"rolled back {alias} to {old.KeyId}; to undo: keyhold rotate-alias {alias} --rollback",
            ],
            result.OutputLines);
        Assert.Equal(old.KeyId, await server.TargetOfAsync(alias));
        var encrypted = await server.Kms.EncryptAsync(new EncryptRequest { KeyId = alias, Plaintext = new MemoryStream("x"u8.ToArray()) }).WithTimeout();
        Assert.Equal(old.Arn, encrypted.KeyId);
    }

    [Fact]
    public async Task RotateAlias_InterruptedAfterCreatingTheKey_RerunCompletesTheSameRotation()
    {
        var old = await server.CreateKeyAsync("interrupted", tags: [new() { TagKey = "owner", TagValue = "ops" }]);
        var alias = CliServer.NewAliasName();
        await server.Kms.CreateAliasAsync(new CreateAliasRequest { AliasName = alias, TargetKeyId = old.KeyId }).WithTimeout();
        var keysBefore = await server.CountKeysAsync();
        var rotation = (AliasRotation)server.Server.Services.GetRequiredService(typeof(AliasRotation));

        CliResult crashed;
        rotation.AfterStep = action => action == "CreateKey" ? throw new IOException("simulated crash") : Task.CompletedTask;
        try
        {
            crashed = await server.RunAsync("rotate-alias", alias);
        }
        finally
        {
            rotation.AfterStep = null;
        }

        Assert.True(crashed.ExitCode == 1, crashed.ToString());
        Assert.Empty(crashed.Output);
        Assert.StartsWith("keyhold: KMSInternalException: ", Assert.Single(crashed.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(old.KeyId, await server.TargetOfAsync(alias));

        var rerun = await server.RunAsync("rotate-alias", alias);

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        var newKeyId = await server.TargetOfAsync(alias);
        var dated = DatedAlias(rerun.OutputLines[0]);
        Assert.Equal(
            [
                $"already done: created {dated} -> {old.KeyId}",
                $"already done: created key {newKeyId} (copy of {old.KeyId}: spec, usage, description, key policy, tags)",
                $"{alias} -> {newKeyId} (was {old.KeyId})",
                $"rotated {alias} to {newKeyId}; to roll back: keyhold rotate-alias {alias} --rollback",
            ],
            rerun.OutputLines);
        Assert.Equal(keysBefore + 1, await server.CountKeysAsync());
        Assert.Equal(old.KeyId, await server.TargetOfAsync(dated));
        Assert.Equal(["owner=ops"], await TagsOfAsync(newKeyId));
    }

    [Fact]
    public async Task RotateAlias_GivenDatedAlias_KeepsTheOldKeyUnderThatName()
    {
        var old = await server.CreateKeyAsync("named dated alias");
        var alias = CliServer.NewAliasName();
        var dated = alias.Replace("-current", "-before-migration", StringComparison.Ordinal);
        await server.Kms.CreateAliasAsync(new CreateAliasRequest { AliasName = alias, TargetKeyId = old.KeyId }).WithTimeout();

        var result = await server.RunAsync("rotate-alias", alias, "--dated-alias", dated);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"created {dated} -> {old.KeyId}", result.OutputLines[0]);
        Assert.Equal(old.KeyId, await server.TargetOfAsync(dated));
    }

    [Fact]
    public async Task RotateAlias_DatedAliasPattern_ExpandsTheDateAndNumbersASecondRotationTheSameDay()
    {
        var old = await server.CreateKeyAsync("pattern");
        var alias = CliServer.NewAliasName();
        var stem = alias[..^"-current".Length];
        await server.Kms.CreateAliasAsync(new CreateAliasRequest { AliasName = alias, TargetKeyId = old.KeyId }).WithTimeout();

        var first = await server.RunAsync("rotate-alias", alias, "--dated-alias", stem + "-{date:yyyy-MM-dd}");
        var middle = await server.TargetOfAsync(alias);
        var second = await server.RunAsync("rotate-alias", alias, "--dated-alias", stem + "-{date:yyyy-MM-dd}");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        var firstDated = DatedAlias(first.OutputLines[0]);
        Assert.Matches($"^{Regex.Escape(stem)}-[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}$", firstDated);
        Assert.Equal(firstDated + "-2", DatedAlias(second.OutputLines[0]));
        Assert.Equal(old.KeyId, await server.TargetOfAsync(firstDated));
        Assert.Equal(middle, await server.TargetOfAsync(firstDated + "-2"));
    }

    [Fact]
    public async Task RotateAlias_UnknownPlaceholder_PrintsValidationAndChangesNothing()
    {
        var old = await server.CreateKeyAsync("bad pattern");
        var alias = CliServer.NewAliasName();
        await server.Kms.CreateAliasAsync(new CreateAliasRequest { AliasName = alias, TargetKeyId = old.KeyId }).WithTimeout();

        var result = await server.RunAsync("rotate-alias", alias, "--dated-alias", "alias/app-{week}");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("keyhold: ValidationException: DatedAliasName 'alias/app-{week}' has a placeholder", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(old.KeyId, await server.TargetOfAsync(alias));
    }

    [Fact]
    public async Task RotateAlias_UnknownAlias_PrintsOneLineAndExits1()
    {
        var result = await server.RunAsync("rotate-alias", "alias/does-not-exist-current");

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Equal(
            $"keyhold: NotFoundException: Alias arn:aws:kms:{CliServer.Region}:{server.AccountId}:alias/does-not-exist-current is not found.",
            Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task RotateAlias_RollbackOfAliasNeverChanged_PrintsOneLineAndExits1()
    {
        var key = await server.CreateKeyAsync("never rotated");
        var alias = CliServer.NewAliasName();
        await server.Kms.CreateAliasAsync(new CreateAliasRequest { AliasName = alias, TargetKeyId = key.KeyId }).WithTimeout();

        var result = await server.RunAsync("rotate-alias", alias, "--rollback");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("keyhold: ValidationException: ", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(key.KeyId, await server.TargetOfAsync(alias));
    }

    [Fact]
    public async Task RotateAlias_RollbackWithDatedAlias_PrintsOneLineAndExits1()
    {
        var result = await server.RunAsync("rotate-alias", "alias/x-current", "--rollback", "--dated-alias", "alias/x-old");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("keyhold: --dated-alias cannot be used with --rollback.", Assert.Single(result.ErrorLines));
    }

    private static string Policy(string accountId) =>
        "{\"Version\":\"2012-10-17\",\"Id\":\"application-key-policy\",\"Statement\":[{\"Sid\":\"Enable IAM User Permissions\","
        + $"\"Effect\":\"Allow\",\"Principal\":{{\"AWS\":\"arn:aws:iam::{accountId}:root\"}},\"Action\":\"kms:*\",\"Resource\":\"*\"}}]}}";

    private static string DatedAlias(string firstLine) =>
        DatedAliasLine().Match(firstLine) is { Success: true } match ? match.Groups[1].Value : throw new Xunit.Sdk.XunitException($"No dated alias in '{firstLine}'.");

    [GeneratedRegex("^(?:plan: create|created|already done: created) (alias/\\S+) -> ")]
    private static partial Regex DatedAliasLine();

    private async Task<byte[]> EncryptAsync(string keyId, byte[] plaintext) =>
        (await server.Kms.EncryptAsync(new EncryptRequest { KeyId = keyId, Plaintext = new MemoryStream(plaintext) }).WithTimeout()).CiphertextBlob.ToArray();

    private async Task<string> PolicyOfAsync(string keyId) =>
        (await server.Kms.GetKeyPolicyAsync(new GetKeyPolicyRequest { KeyId = keyId, PolicyName = "default" }).WithTimeout()).Policy;

    private async Task<List<string>> TagsOfAsync(string keyId)
    {
        var response = await server.Kms.ListResourceTagsAsync(new ListResourceTagsRequest { KeyId = keyId }).WithTimeout();
        return [.. (response.Tags ?? []).Select(t => $"{t.TagKey}={t.TagValue}").Order(StringComparer.Ordinal)];
    }
}

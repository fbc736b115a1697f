using System.Text.Json;
using Amazon.KeyManagementService.Model;
using Keyhold.Cli.Tests.Infrastructure;
using static Keyhold.Cli.Tests.AliasesCommandTests;

namespace Keyhold.Cli.Tests;

/// <summary><c>keyhold keys usage</c>: last use and decrypts per key-material version.</summary>
[Collection(SharedCliServer.Name)]
public sealed class KeysCommandTests(CliServer server)
{
    [Fact]
    public async Task Usage_AfterRotateKeyOnDemand_CountsDecryptsPerMaterialVersion()
    {
        var key = await server.CreateKeyAsync("usage");
        var alias = CliServer.NewAliasName("usage");
        await server.Kms.CreateAliasAsync(new CreateAliasRequest { AliasName = alias, TargetKeyId = key.KeyId }).WithTimeout();
        var underFirst = await EncryptManyAsync(key.KeyId, 3);
        await server.Kms.RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = key.KeyId }).WithTimeout();
        var underSecond = await EncryptManyAsync(key.KeyId, 2);
        foreach (var ciphertext in (IEnumerable<byte[]>)[.. underFirst, underFirst[0], .. underSecond])
        {
            await server.Kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(ciphertext) }).WithTimeout();
        }

        var result = await server.RunAsync("keys", "usage", alias);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.OutputLines;
        Assert.Equal(6, lines.Length);
        Assert.Equal($"key:      {key.Arn}", lines[0]);
        Assert.StartsWith("created:  20", lines[1], StringComparison.Ordinal);
        Assert.Matches("^last use: Decrypt at [0-9-]{10}T[0-9:]{8}Z \\(request [0-9a-f-]{36}\\)$", lines[2]);
        Assert.Equal(["VERSION", "MATERIAL ID", "STATE", "CREATED", "ROTATION", "DECRYPTS", "LAST DECRYPT"], Columns(lines[3]));
        var first = Columns(lines[4]);
        var second = Columns(lines[5]);
        Assert.Equal(["1", "NON_CURRENT"], [first[0], first[2]]);
        Assert.Equal(["-", "4"], first[4..6]);
        Assert.Equal(["2", "CURRENT"], [second[0], second[2]]);
        Assert.Equal(["ON_DEMAND", "2"], second[4..6]);
        Assert.Equal(12, first[1].Length);
        Assert.NotEqual(first[1], second[1]);
        Assert.EndsWith("Z", first[6], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_KeyNeverUsed_SaysSoAndShowsNoDecrypts()
    {
        var key = await server.CreateKeyAsync("never used");

        var result = await server.RunAsync("keys", "usage", key.Arn);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.OutputLines;
        Assert.Equal($"last use: never used since creation {lines[1]["created:  ".Length..]}", lines[2]);
        var only = Columns(Assert.Single(lines[4..]));
        Assert.Equal(["1", "CURRENT", "-", "0", "-"], [only[0], only[2], only[4], only[5], only[6]]);
    }

    [Fact]
    public async Task Usage_AsJson_GivesTheResponseWithEpochSecondTimestamps()
    {
        var key = await server.CreateKeyAsync("usage json");
        var ciphertext = (await EncryptManyAsync(key.KeyId, 1))[0];
        await server.Kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(ciphertext) }).WithTimeout();

        var result = await server.RunAsync("keys", "usage", key.KeyId, "--output", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var document = JsonDocument.Parse(result.Output);
        var root = document.RootElement;
        Assert.Equal(key.Arn, root.GetProperty("KeyId").GetString());
        Assert.Equal(JsonValueKind.Number, root.GetProperty("KeyCreationDate").ValueKind);
        Assert.Equal("Decrypt", root.GetProperty("KeyLastUsage").GetProperty("Operation").GetString());
        var material = Assert.Single(root.GetProperty("KeyMaterials").EnumerateArray());
        Assert.Equal(1, material.GetProperty("DecryptCount").GetInt64());
        Assert.Equal("CURRENT", material.GetProperty("KeyMaterialState").GetString());
    }

    [Fact]
    public async Task Usage_UnknownKey_PrintsOneLineAndExits1()
    {
        var result = await server.RunAsync("keys", "usage", "alias/no-such-key");

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.StartsWith("keyhold: NotFoundException: ", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    private async Task<List<byte[]>> EncryptManyAsync(string keyId, int count)
    {
        var ciphertexts = new List<byte[]>();
        for (var i = 0; i < count; i++)
        {
            var response = await server.Kms.EncryptAsync(new EncryptRequest { KeyId = keyId, Plaintext = new MemoryStream([(byte)i]) }).WithTimeout();
            ciphertexts.Add(response.CiphertextBlob.ToArray());
        }

        return ciphertexts;
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using Keyhold.EndToEndTests.Infrastructure;

namespace Keyhold.EndToEndTests;

/// <summary>
/// The user's document "How do I manually rotate customer managed keys in AWS KMS?"
/// (docs reference: seed-manual-key-rotation.txt), followed step by step with the real aws CLI against keyhold serve.
/// </summary>
public sealed class SeedDocumentTests(KeyholdServerFixture fixture) : IClassFixture<KeyholdServerFixture>
{
    private const string CurrentAlias = "alias/application-current";
    private readonly KeyholdProcess _server = fixture.Server;
    private readonly TemporaryDirectory _files = fixture.Directory;
    private readonly AwsCli _aws = AwsCli.ForServer(fixture.Server);

    [Fact]
    public async Task ManualRotation_DocumentSteps1To5_AliasMovesToNewKeyAndBothCiphertextsDecrypt()
    {
        // The existing ("current") key, with data already encrypted under it.
        var oldKey = (await _aws.RunSuccessfullyAsync("kms", "create-key", "--query", "KeyMetadata.KeyId", "--output", "text")).Trim();
        var oldPlaintext = Encoding.UTF8.GetBytes("written before the rotation");
        var oldCiphertext = await EncryptAsync(oldKey, oldPlaintext);

        // 1. aws kms create-alias --alias-name alias/application-current --target-key-id OLD; list-aliases | grep application
        await _aws.RunSuccessfullyAsync("kms", "create-alias", "--alias-name", CurrentAlias, "--target-key-id", oldKey);
        await AssertApplicationAliasesAsync((CurrentAlias, oldKey));

        // 2. A second alias named after the rotation date, on the same key: the key now has two aliases.
        var datedAlias = "alias/application-" + DateTime.UtcNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        await _aws.RunSuccessfullyAsync("kms", "create-alias", "--alias-name", datedAlias, "--target-key-id", oldKey);
        await AssertApplicationAliasesAsync((datedAlias, oldKey), (CurrentAlias, oldKey));

        // 3. aws kms create-key: the output has every member the document shows.
        var newKey = await CreateKeyAsShownInTheDocumentAsync();

        // 4. aws kms update-alias --alias-name alias/application-current --target-key-id NEW_KMS_KEY_ID
        await _aws.RunSuccessfullyAsync("kms", "update-alias", "--alias-name", CurrentAlias, "--target-key-id", newKey);

        // 5. The dated alias keeps the old key as a backup; application-current names the new key.
        await AssertApplicationAliasesAsync((datedAlias, oldKey), (CurrentAlias, newKey));
        var newPlaintext = Encoding.UTF8.GetBytes("written after the rotation");
        var newCiphertext = await EncryptAsync(CurrentAlias, newPlaintext);

        // The readers' question, "will the new key be able to decrypt the data encrypted with the old key?": it does not
        // need to. Each ciphertext names its key, so Decrypt without a key id opens data from before and after the rotation.
        var (oldKeyArn, oldDecrypted) = await DecryptAsync(oldCiphertext);
        Assert.Equal(KeyArn(oldKey), oldKeyArn);
        Assert.Equal(oldPlaintext, oldDecrypted);
        var (newKeyArn, newDecrypted) = await DecryptAsync(newCiphertext);
        Assert.Equal(KeyArn(newKey), newKeyArn);
        Assert.Equal(newPlaintext, newDecrypted);

        // Naming the alias in Decrypt pins the new key, which is not the key of the old ciphertext.
        var pinned = await _aws.RunAsync("kms", "decrypt", "--ciphertext-blob", "fileb://" + oldCiphertext, "--key-id", CurrentAlias);
        Assert.True(pinned.ExitCode == 255, pinned.Describe());
        Assert.StartsWith("An error occurred (IncorrectKeyException) when calling the Decrypt operation: ", pinned.StandardError.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManualRotation_DocumentSteps6To11CopyPolicy_NewKeyHasTheOldKeysPolicy()
    {
        // The existing key has its own policy (otherwise both keys would already share the default one).
        var customPolicy = _files.File($"custom-policy-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(customPolicy, ApplicationPolicy(_server.AccountId));
        var oldKey = (await _aws.RunSuccessfullyAsync(
            "kms", "create-key", "--policy", "file://" + customPolicy, "--query", "KeyMetadata.KeyId", "--output", "text")).Trim();
        var newKey = (await _aws.RunSuccessfullyAsync("kms", "create-key", "--query", "KeyMetadata.KeyId", "--output", "text")).Trim();

        // 6–9: "copy the current policy" — the console's policy view is GetKeyPolicy.
        var copied = _files.File($"copied-policy-{Guid.NewGuid():N}.json");
        var oldPolicy = await _aws.RunSuccessfullyAsync("kms", "get-key-policy", "--key-id", oldKey, "--policy-name", "default", "--query", "Policy", "--output", "text");
        await File.WriteAllTextAsync(copied, oldPolicy);

        // 10–11: "delete the application-current policy and paste the current policy", unmodified.
        await _aws.RunSuccessfullyAsync("kms", "put-key-policy", "--key-id", newKey, "--policy-name", "default", "--policy", "file://" + copied);

        // The text output ends the policy with a newline, which file:// passes on; the policy itself is the old key's.
        var newPolicy = await _aws.RunSuccessfullyAsync("kms", "get-key-policy", "--key-id", newKey, "--policy-name", "default", "--query", "Policy", "--output", "text");
        Assert.Equal(oldPolicy.TrimEnd('\n'), newPolicy.TrimEnd('\n'));
        Assert.Contains("Allow use by the application", newPolicy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsCli_ServiceErrors_PrintedAsAwsErrorsWithExitCode255()
    {
        var key = (await _aws.RunSuccessfullyAsync("kms", "create-key", "--query", "KeyMetadata.KeyId", "--output", "text")).Trim();
        var alias = $"alias/errors-{Guid.NewGuid():N}";
        await _aws.RunSuccessfullyAsync("kms", "create-alias", "--alias-name", alias, "--target-key-id", key);
        var account = _server.AccountId;
        var plaintext = _files.File($"plaintext-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(plaintext, "secret");

        await AssertCliErrorAsync(
            "An error occurred (NotFoundException) when calling the DescribeKey operation: Invalid keyId 'nope'",
            "kms", "describe-key", "--key-id", "nope");
        await AssertCliErrorAsync(
            $"An error occurred (AlreadyExistsException) when calling the CreateAlias operation: An alias with the name arn:aws:kms:us-east-1:{account}:{alias} already exists",
            "kms", "create-alias", "--alias-name", alias, "--target-key-id", key);
        await AssertCliErrorAsync(
            $"An error occurred (NotFoundException) when calling the Encrypt operation: Alias arn:aws:kms:us-east-1:{account}:alias/nope is not found.",
            "kms", "encrypt", "--key-id", "alias/nope", "--plaintext", "fileb://" + plaintext);
        var validation = await _aws.RunAsync("kms", "create-alias", "--alias-name", "application-current", "--target-key-id", key);
        Assert.True(validation.ExitCode == 255, validation.Describe());
        Assert.StartsWith(
            "An error occurred (ValidationException) when calling the CreateAlias operation: Alias must start with the prefix \"alias/\".",
            validation.StandardError.Trim(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsCli_EndpointFromEnvironment_ReachesTheServer()
    {
        var viaEnvironment = _aws.WithEndpointFromEnvironment();

        var arn = (await viaEnvironment.RunSuccessfullyAsync("kms", "create-key", "--query", "KeyMetadata.Arn", "--output", "text")).Trim();
        var described = await _aws.RunSuccessfullyAsync("kms", "describe-key", "--key-id", arn, "--query", "KeyMetadata.Arn", "--output", "text");

        Assert.StartsWith($"arn:aws:kms:us-east-1:{_server.AccountId}:key/", arn, StringComparison.Ordinal);
        Assert.Equal(arn, described.Trim());
    }

    private static string ApplicationPolicy(string account) => $$"""
        {
          "Version": "2012-10-17",
          "Id": "application-key-policy",
          "Statement": [
            {
              "Sid": "Enable IAM User Permissions",
              "Effect": "Allow",
              "Principal": { "AWS": "arn:aws:iam::{{account}}:root" },
              "Action": "kms:*",
              "Resource": "*"
            },
            {
              "Sid": "Allow use by the application",
              "Effect": "Allow",
              "Principal": { "AWS": "arn:aws:iam::{{account}}:root" },
              "Action": [ "kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*" ],
              "Resource": "*"
            }
          ]
        }
        """;

    private string KeyArn(string keyId) => $"arn:aws:kms:us-east-1:{_server.AccountId}:key/{keyId}";

    private async Task<string> CreateKeyAsShownInTheDocumentAsync()
    {
        var before = DateTimeOffset.UtcNow;
        using var output = JsonDocument.Parse(await _aws.RunSuccessfullyAsync("kms", "create-key"));
        var metadata = output.RootElement.GetProperty("KeyMetadata");
        var keyId = metadata.GetProperty("KeyId").GetString()!;

        Assert.True(Guid.TryParse(keyId, out _), keyId);
        Assert.Equal("AWS_KMS", metadata.GetProperty("Origin").GetString());
        Assert.Equal(string.Empty, metadata.GetProperty("Description").GetString());
        Assert.Equal("CUSTOMER", metadata.GetProperty("KeyManager").GetString());
        Assert.Equal(JsonValueKind.True, metadata.GetProperty("Enabled").ValueKind);
        Assert.Equal("ENCRYPT_DECRYPT", metadata.GetProperty("KeyUsage").GetString());
        Assert.Equal("Enabled", metadata.GetProperty("KeyState").GetString());
        Assert.Equal(KeyArn(keyId), metadata.GetProperty("Arn").GetString());
        Assert.Equal(_server.AccountId, metadata.GetProperty("AWSAccountId").GetString());

        // "CreationDate": 1528289057.531 — epoch seconds as a JSON number, not a string.
        var created = metadata.GetProperty("CreationDate");
        Assert.Equal(JsonValueKind.Number, created.ValueKind);
        var seconds = created.GetDouble();
        Assert.InRange(seconds, before.ToUnixTimeSeconds() - 5, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 5);
        return keyId;
    }

    /// <summary><c>aws kms list-aliases --output text | grep application</c>, checked line by line against the document.</summary>
    private async Task AssertApplicationAliasesAsync(params (string Name, string TargetKeyId)[] expected)
    {
        var output = await _aws.RunSuccessfullyAsync("kms", "list-aliases", "--output", "text");
        var lines = output.Split('\n').Where(line => line.Contains("application", StringComparison.Ordinal)).ToList();

        Assert.True(expected.Length == lines.Count, $"expected {expected.Length} application aliases:\n{output}");
        for (var i = 0; i < expected.Length; i++)
        {
            // The document (2018) shows ALIASES, AliasArn, AliasName, TargetKeyId. Today's ListAliases also returns
            // CreationDate and LastUpdatedDate, which the CLI's text output places between the name and the key id
            // (it orders members by name), exactly as it does against AWS.
            var fields = lines[i].Split('\t');
            Assert.True(fields.Length == 6, lines[i]);
            Assert.Equal("ALIASES", fields[0]);
            Assert.Equal($"arn:aws:kms:us-east-1:{_server.AccountId}:{expected[i].Name}", fields[1]);
            Assert.Equal(expected[i].Name, fields[2]);
            Assert.True(double.TryParse(fields[3], NumberStyles.Float, CultureInfo.InvariantCulture, out _), lines[i]);
            Assert.True(double.TryParse(fields[4], NumberStyles.Float, CultureInfo.InvariantCulture, out _), lines[i]);
            Assert.Equal(expected[i].TargetKeyId, fields[5]);
        }
    }

    /// <summary>Encrypts a file with <c>--plaintext fileb://</c>; returns the path of the raw ciphertext.</summary>
    private async Task<string> EncryptAsync(string keyId, byte[] plaintext)
    {
        var name = Guid.NewGuid().ToString("N");
        var plaintextPath = _files.File(name + ".txt");
        await File.WriteAllBytesAsync(plaintextPath, plaintext);
        var base64 = await _aws.RunSuccessfullyAsync(
            "kms", "encrypt", "--key-id", keyId, "--plaintext", "fileb://" + plaintextPath, "--query", "CiphertextBlob", "--output", "text");
        var ciphertextPath = _files.File(name + ".encrypted");
        await File.WriteAllBytesAsync(ciphertextPath, Convert.FromBase64String(base64.Trim()));
        return ciphertextPath;
    }

    /// <summary>Decrypts with no key id; returns the key the service reports and the plaintext.</summary>
    private async Task<(string KeyArn, byte[] Plaintext)> DecryptAsync(string ciphertextPath)
    {
        var output = await _aws.RunSuccessfullyAsync(
            "kms", "decrypt", "--ciphertext-blob", "fileb://" + ciphertextPath, "--query", "[KeyId,Plaintext]", "--output", "text");
        var fields = output.Trim().Split('\t');
        Assert.True(fields.Length == 2, output);
        return (fields[0], Convert.FromBase64String(fields[1]));
    }

    private async Task AssertCliErrorAsync(string expectedMessage, params string[] arguments)
    {
        var result = await _aws.RunAsync(arguments);

        // aws CLI v1 exits with 255 when the service returns an error (v2 uses 254).
        Assert.True(result.ExitCode == 255, result.Describe());
        Assert.Equal(expectedMessage, result.StandardError.Trim());
    }
}

using System.Diagnostics;
using Keyhold.EndToEndTests.Infrastructure;

namespace Keyhold.EndToEndTests;

/// <summary>
/// Asymmetric and HMAC keys with the real tools: the <c>aws</c> CLI signs and verifies, OpenSSL verifies Keyhold's
/// signature with the public key from <c>get-public-key</c>, and OpenSSL's RSA-OAEP ciphertext decrypts in Keyhold.
/// </summary>
public sealed class AsymmetricCliTests(KeyholdServerFixture fixture) : IClassFixture<KeyholdServerFixture>
{
    private readonly TemporaryDirectory _files = fixture.Directory;
    private readonly AwsCli _aws = AwsCli.ForServer(fixture.Server);

    [Fact]
    public async Task SignWithAwsCli_VerifiesInOpenSslAndInKeyhold()
    {
        var keyId = await CreateKeyAsync("ECC_NIST_P256", "SIGN_VERIFY");
        var message = _files.File("to-sign.txt");
        await File.WriteAllTextAsync(message, "signed with the aws CLI");
        var signature = _files.File("signature.bin");
        var publicKey = _files.File("ecc-public.der");

        await WriteBase64Async(signature, "kms", "sign", "--key-id", keyId, "--message", "fileb://" + message, "--message-type", "RAW", "--signing-algorithm", "ECDSA_SHA_256", "--query", "Signature");
        await WriteBase64Async(publicKey, "kms", "get-public-key", "--key-id", keyId, "--query", "PublicKey");

        var openssl = await OpenSslAsync("dgst", "-sha256", "-verify", publicKey, "-keyform", "DER", "-signature", signature, message);
        Assert.True(openssl.ExitCode == 0, openssl.Describe());
        var verified = await _aws.RunSuccessfullyAsync(
            "kms", "verify", "--key-id", keyId, "--message", "fileb://" + message, "--signature", "fileb://" + signature, "--signing-algorithm", "ECDSA_SHA_256", "--query", "SignatureValid", "--output", "text");
        Assert.Equal("True", verified.Trim());
    }

    [Fact]
    public async Task OpenSslRsaOaepCiphertext_DecryptsWithAwsCli()
    {
        var keyId = await CreateKeyAsync("RSA_2048", "ENCRYPT_DECRYPT");
        var publicKey = _files.File("rsa-public.der");
        await WriteBase64Async(publicKey, "kms", "get-public-key", "--key-id", keyId, "--query", "PublicKey");
        var plaintext = _files.File("oaep.txt");
        await File.WriteAllTextAsync(plaintext, "sealed by openssl");
        var ciphertext = _files.File("oaep.bin");

        var encrypted = await OpenSslAsync(
            "pkeyutl", "-encrypt", "-pubin", "-keyform", "DER", "-inkey", publicKey, "-in", plaintext, "-out", ciphertext,
            "-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt", "rsa_oaep_md:sha256", "-pkeyopt", "rsa_mgf1_md:sha256");
        Assert.True(encrypted.ExitCode == 0, encrypted.Describe());

        var decrypted = await _aws.RunSuccessfullyAsync(
            "kms", "decrypt", "--key-id", keyId, "--ciphertext-blob", "fileb://" + ciphertext, "--encryption-algorithm", "RSAES_OAEP_SHA_256", "--query", "Plaintext", "--output", "text");
        Assert.Equal("sealed by openssl", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(decrypted.Trim())));
    }

    [Fact]
    public async Task GenerateMacWithAwsCli_VerifyMacAcceptsItAndRejectsAnotherMessage()
    {
        var keyId = await CreateKeyAsync("HMAC_384", "GENERATE_VERIFY_MAC");
        var message = _files.File("mac.txt");
        await File.WriteAllTextAsync(message, "authenticated");
        var mac = _files.File("mac.bin");
        await WriteBase64Async(mac, "kms", "generate-mac", "--key-id", keyId, "--message", "fileb://" + message, "--mac-algorithm", "HMAC_SHA_384", "--query", "Mac");
        Assert.Equal(48, new FileInfo(mac).Length);

        var valid = await _aws.RunSuccessfullyAsync(
            "kms", "verify-mac", "--key-id", keyId, "--message", "fileb://" + message, "--mac", "fileb://" + mac, "--mac-algorithm", "HMAC_SHA_384", "--query", "MacValid", "--output", "text");
        Assert.Equal("True", valid.Trim());
        await File.WriteAllTextAsync(message, "tampered");
        var invalid = await _aws.RunAsync("kms", "verify-mac", "--key-id", keyId, "--message", "fileb://" + message, "--mac", "fileb://" + mac, "--mac-algorithm", "HMAC_SHA_384");
        Assert.NotEqual(0, invalid.ExitCode);
        Assert.Contains("(KMSInvalidMacException) when calling the VerifyMac operation", invalid.StandardError, StringComparison.Ordinal);
    }

    private async Task<string> CreateKeyAsync(string keySpec, string keyUsage) =>
        (await _aws.RunSuccessfullyAsync("kms", "create-key", "--key-spec", keySpec, "--key-usage", keyUsage, "--query", "KeyMetadata.KeyId", "--output", "text")).Trim();

    private async Task WriteBase64Async(string path, params string[] arguments)
    {
        var base64 = await _aws.RunSuccessfullyAsync([.. arguments, "--output", "text"]);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(base64.Trim()));
    }

    private static Task<ProcessResult> OpenSslAsync(params string[] arguments) =>
        ProcessRunner.RunAsync(new ProcessStartInfo("openssl", arguments), TestTimeouts.ProcessStart);
}

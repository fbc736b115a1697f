using System.Text.Json;
using Keyhold.Protocol.Validation;

namespace Keyhold.Protocol.Tests.Validation;

/// <summary>Validation runs on every Encrypt and Decrypt, so a valid request must not allocate.</summary>
public sealed class RequestValidatorAllocationTests
{
    [Fact]
    public void Validate_ValidEncrypt_AllocatesNothing()
    {
        using var document = JsonDocument.Parse($$"""
            {"KeyId": "alias/application-current", "Plaintext": "{{Convert.ToBase64String(new byte[1024])}}",
             "EncryptionContext": {"tenant": "t-1", "purpose": "backup"}, "GrantTokens": ["token-1"],
             "EncryptionAlgorithm": "SYMMETRIC_DEFAULT", "DryRun": false}
            """);
        var body = document.RootElement;
        RequestValidator.Validate("Encrypt", body);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            RequestValidator.Validate("Encrypt", body);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}

using System.Security.Cryptography;
using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Cryptography;

/// <summary>GenerateDataKey*: exactly one of KeySpec (AES_256 = 32 bytes, AES_128 = 16) and NumberOfBytes (1–1024).</summary>
internal static class DataKeySize
{
    public static int From(string? keySpec, int? numberOfBytes)
    {
        if (keySpec is not null && numberOfBytes is not null)
        {
            throw KmsErrors.Validation("KeySpec and NumberOfBytes are mutually exclusive; specify only one of them.");
        }

        return keySpec switch
        {
            "AES_256" => 32,
            "AES_128" => 16,
            null when numberOfBytes is not null => numberOfBytes.Value,
            null => throw KmsErrors.Validation("Please specify either KeySpec or NumberOfBytes."),
            _ => throw KmsErrors.Validation($"KeySpec {keySpec} is not valid; use AES_256 or AES_128."),
        };
    }
}

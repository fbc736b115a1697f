using System.Collections.Frozen;

namespace Keyhold.Protocol.Validation;

/// <summary>
/// The order AWS prints an enum set in. AWS's order is its own (not the model's, not sorted); where real AWS
/// responses recorded it we copy it, elsewhere we fall back to model order.
/// </summary>
internal static class EnumDisplayOrder
{
    // Copied verbatim from shared/reference/aws-recorded/errors.tsv (CreateKey keySpec and keyUsage, GenerateMac and
    // VerifyMac macAlgorithm, DeriveSharedSecret keyAgreementAlgorithm).
    // KeySpec and KeyUsageType were recorded on 2023-04-13, before KMS added KEY_AGREEMENT, ML_DSA_* and
    // ECC_NIST_EDWARDS25519 (and SM2 is only offered in China Regions). Values the model has but the recording
    // lacks are appended in model order, so the message never leaves out a value that is accepted.
    private static readonly FrozenDictionary<string, string[]> Recorded = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["KeySpec"] =
        [
            "RSA_2048", "ECC_NIST_P384", "ECC_NIST_P256", "ECC_NIST_P521", "HMAC_384", "RSA_3072", "ECC_SECG_P256K1",
            "RSA_4096", "SYMMETRIC_DEFAULT", "HMAC_256", "HMAC_224", "HMAC_512",
        ],
        ["KeyUsageType"] = ["ENCRYPT_DECRYPT", "SIGN_VERIFY", "GENERATE_VERIFY_MAC"],
        ["MacAlgorithmSpec"] = ["HMAC_SHA_384", "HMAC_SHA_256", "HMAC_SHA_224", "HMAC_SHA_512"],
        ["KeyAgreementAlgorithmSpec"] = ["ECDH"],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Formats the set as AWS does: <c>[A, B, C]</c>.</summary>
    public static string Format(string shapeName, string[] modelValues)
    {
        if (!Recorded.TryGetValue(shapeName, out var recorded))
        {
            return "[" + string.Join(", ", modelValues) + "]";
        }

        var ordered = new List<string>(modelValues.Length);
        foreach (var value in recorded)
        {
            // A recorded value the model no longer has is dropped: the model is what we accept.
            if (Array.IndexOf(modelValues, value) >= 0)
            {
                ordered.Add(value);
            }
        }

        foreach (var value in modelValues)
        {
            if (!ordered.Contains(value))
            {
                ordered.Add(value);
            }
        }

        return "[" + string.Join(", ", ordered) + "]";
    }
}

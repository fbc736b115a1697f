using Keyhold.Core.Grants;
using Keyhold.Policy;

namespace Keyhold.Server.Authorization;

/// <summary>
/// The operations a grant can allow (the model's GrantOperation enum) and how its encryption-context constraints apply:
/// only to operations that take an encryption context; the constraint's keys compare case-insensitively and its
/// values case-sensitively, as AWS documents for GrantConstraints.
/// </summary>
internal static class GrantOperations
{
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        "Decrypt", "Encrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "ReEncryptFrom", "ReEncryptTo", "Sign", "Verify",
        "GetPublicKey", "CreateGrant", "RetireGrant", "DescribeKey", "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext",
        "GenerateMac", "VerifyMac", "DeriveSharedSecret",
    };

    /// <summary>Operations whose requests carry an encryption context (on symmetric keys).</summary>
    private static readonly HashSet<string> WithEncryptionContext = new(StringComparer.Ordinal)
    {
        "Decrypt", "Encrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "ReEncryptFrom", "ReEncryptTo",
        "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext",
    };

    public static bool IsGrantable(string operation) => All.Contains(operation);

    public static bool ConstraintsHold(GrantRecord grant, string operation, IConditionValues conditions)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(conditions);
        if (!WithEncryptionContext.Contains(operation) || (grant.EncryptionContextEquals is null && grant.EncryptionContextSubset is null))
        {
            return true;
        }

        var keys = conditions.TryGetValues("kms:EncryptionContextKeys", out var present) ? present : [];
        if (grant.EncryptionContextEquals is { } equals
            && !(keys.Count == equals.Count && equals.All(pair => HasPair(conditions, pair.Key, pair.Value))))
        {
            return false;
        }

        return grant.EncryptionContextSubset is not { } subset || subset.All(pair => HasPair(conditions, pair.Key, pair.Value));
    }

    private static bool HasPair(IConditionValues conditions, string key, string value) =>
        conditions.TryGetValues("kms:EncryptionContext:" + key, out var values) && values.Count == 1 && string.Equals(values[0], value, StringComparison.Ordinal);
}

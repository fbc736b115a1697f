using Keyhold.Core.Grants;
using Keyhold.Core.Keys;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Grants;

/// <summary>Stored grant → ListGrants entry (KeyId as the key ARN, as AWS lists it).</summary>
internal static class GrantMapper
{
    public static GrantListEntry ToEntry(GrantRecord grant) => new(
        KeyArn.Format(grant.Region, grant.AccountId, grant.KeyId),
        grant.GrantId,
        grant.Name,
        grant.CreationDate,
        grant.GranteePrincipal,
        grant.RetiringPrincipal,
        grant.IssuingAccount,
        [.. grant.Operations],
        grant.EncryptionContextEquals is null && grant.EncryptionContextSubset is null
            ? null
            : new GrantConstraints(Copy(grant.EncryptionContextSubset), Copy(grant.EncryptionContextEquals)));

    private static Dictionary<string, string>? Copy(IReadOnlyDictionary<string, string>? pairs) =>
        pairs?.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}

using Keyhold.Core.Keys;
using Keyhold.Server.Protocol;

namespace Keyhold.Server.Keys;

/// <summary>Builds a new symmetric key and its first material version (shared by CreateKey and RotateAlias).</summary>
internal sealed class KeyFactory(KeyMaterialRing materials, TimeProvider time)
{
    /// <summary>A new key of any supported spec and usage (checked by the caller) with its first material version.</summary>
    public (KeyRecord Key, KeyMaterialRecord Material) NewKey(
        KmsRequestContext context, string keyId, string keySpec, string keyUsage, string description, string policy)
    {
        var material = materials.Create(keyId, 1, keySpec);
        var key = new KeyRecord
        {
            AccountId = context.AccountId,
            Region = context.Region,
            KeyId = keyId,
            Description = description,
            KeySpec = keySpec,
            KeyUsage = keyUsage,
            State = KeyState.Enabled,
            CreationDate = time.GetUtcNow(),
            Policy = policy,
            CurrentMaterialVersion = 1,
        };
        return (key, material);
    }
}

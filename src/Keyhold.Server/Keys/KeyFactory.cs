using Keyhold.Core.Keys;
using Keyhold.Server.Protocol;

namespace Keyhold.Server.Keys;

/// <summary>Builds a new symmetric key and its first material version (shared by CreateKey and RotateAlias).</summary>
internal sealed class KeyFactory(KeyMaterialRing materials, TimeProvider time)
{
    public (KeyRecord Key, KeyMaterialRecord Material) NewSymmetricKey(KmsRequestContext context, string keyId, string description, string policy)
    {
        var material = materials.CreateSymmetric(keyId, 1);
        var key = new KeyRecord
        {
            AccountId = context.AccountId,
            Region = context.Region,
            KeyId = keyId,
            Description = description,
            KeySpec = "SYMMETRIC_DEFAULT",
            KeyUsage = "ENCRYPT_DECRYPT",
            State = KeyState.Enabled,
            CreationDate = time.GetUtcNow(),
            Policy = policy,
            CurrentMaterialVersion = 1,
        };
        return (key, material);
    }
}

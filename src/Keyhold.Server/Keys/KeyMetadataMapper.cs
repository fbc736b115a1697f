using Keyhold.Core.Keys;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Keys;

/// <summary>Builds the wire KeyMetadata of a stored key, with the members AWS returns for its spec.</summary>
internal static class KeyMetadataMapper
{
    public static KeyMetadata ToMetadata(KeyRecord key, string? currentMaterialId) => new()
    {
        AWSAccountId = key.AccountId,
        KeyId = key.KeyId,
        Arn = key.Arn,
        CreationDate = key.CreationDate,
        Enabled = key.Enabled,
        Description = key.Description,
        KeyUsage = key.KeyUsage,
        KeyState = key.State.ToString(),
        DeletionDate = key.State == KeyState.PendingDeletion ? key.DeletionDate : null,
        Origin = key.Origin,
        KeyManager = key.KeyManager,
        CustomerMasterKeySpec = key.KeySpec,
        KeySpec = key.KeySpec,
        EncryptionAlgorithms = KeyAlgorithms.Encryption(key),
        SigningAlgorithms = KeyAlgorithms.Signing(key),
        MacAlgorithms = KeyAlgorithms.Mac(key),
        KeyAgreementAlgorithms = KeyAlgorithms.KeyAgreement(key),
        MultiRegion = false,
        PendingDeletionWindowInDays = key.State == KeyState.PendingDeletion ? key.PendingDeletionWindowInDays : null,
        CurrentKeyMaterialId = currentMaterialId,
    };
}

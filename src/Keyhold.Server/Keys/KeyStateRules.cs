using Keyhold.Core.Errors;
using Keyhold.Core.Keys;

namespace Keyhold.Server.Keys;

/// <summary>
/// AWS's key state table (developer guide, "Key states of AWS KMS keys") for the operations Keyhold supports.
/// Cryptographic operations need an Enabled key; most management operations refuse a key pending deletion.
/// </summary>
internal static class KeyStateRules
{
    /// <summary>Encrypt, Decrypt, ReEncrypt, GenerateDataKey*: Enabled only.</summary>
    public static void EnsureUsable(KeyRecord key)
    {
        switch (key.State)
        {
            case KeyState.Enabled:
                return;
            case KeyState.Disabled:
                throw KmsErrors.Disabled(key.Arn);
            default:
                throw InvalidState(key);
        }
    }

    /// <summary>EnableKey, DisableKey, ScheduleKeyDeletion, UpdateKeyDescription, TagResource, UntagResource, CreateAlias, UpdateAlias.</summary>
    public static void EnsureNotPendingDeletion(KeyRecord key)
    {
        if (key.State is KeyState.PendingDeletion or KeyState.PendingReplicaDeletion)
        {
            throw InvalidState(key);
        }
    }

    public static KmsException InvalidState(KeyRecord key) => key.State switch
    {
        KeyState.PendingDeletion => KmsErrors.PendingDeletion(key.Arn),
        KeyState.PendingImport => KmsErrors.InvalidState($"{key.Arn} is pending import."),
        KeyState.Disabled => KmsErrors.InvalidState($"{key.Arn} is disabled."),
        KeyState.Enabled => KmsErrors.InvalidState($"{key.Arn} is enabled."),
        _ => KmsErrors.InvalidState($"{key.Arn} is {key.State}."),
    };

    /// <summary>Only symmetric ENCRYPT_DECRYPT keys serve the symmetric cryptographic operations.</summary>
    public static void EnsureSymmetricEncryption(KeyRecord key, string operation)
    {
        if (key.KeyUsage != "ENCRYPT_DECRYPT")
        {
            throw KmsErrors.InvalidKeyUsage(key.Arn, key.KeyUsage, operation);
        }

        if (key.KeySpec != "SYMMETRIC_DEFAULT")
        {
            throw new KmsException(KmsErrorCodes.InvalidKeyUsage, $"{key.Arn} key spec is {key.KeySpec} which is not valid for {operation}.");
        }
    }
}

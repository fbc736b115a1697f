namespace Keyhold.Core.Keys;

/// <summary>AWS's key states (KeyState enum of the service model); stored by name.</summary>
public enum KeyState
{
    Creating,
    Enabled,
    Disabled,
    PendingDeletion,
    PendingImport,
    PendingReplicaDeletion,
    Unavailable,
    Updating,
}

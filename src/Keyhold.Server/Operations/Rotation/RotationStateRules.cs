using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Core.Keys;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Rotation;

/// <summary>Key states for rotation management: a disabled key is DisabledException, pending deletion/import KMSInvalidStateException.</summary>
internal static class RotationStateRules
{
    public static void EnsureEnabled(KeyRecord key)
    {
        KeyRotator.EnsureRotatable(key);
        KeyStateRules.EnsureUsable(key);
    }
}

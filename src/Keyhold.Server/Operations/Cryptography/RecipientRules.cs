using System.Security.Cryptography;
using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Cryptography;

/// <summary>Recipient (Nitro Enclaves attestation) is not supported: refused with a clear error rather than ignored.</summary>
internal static class RecipientRules
{
    public static void EnsureAbsent(RecipientInfo? recipient)
    {
        if (recipient is not null)
        {
            throw new KmsException(KmsErrorCodes.UnsupportedOperation, "Keyhold does not support the Recipient parameter (Nitro Enclaves attestation).");
        }
    }
}

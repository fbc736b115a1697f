namespace Keyhold.Crypto.Asymmetric;

/// <summary>The Sign/Verify MessageType: what the Message bytes are.</summary>
internal enum MessageKind
{
    /// <summary>RAW: the message itself; the algorithm hashes it.</summary>
    Raw,

    /// <summary>DIGEST: the caller already hashed the message with the algorithm's hash.</summary>
    Digest,

    /// <summary>EXTERNAL_MU: the 64-byte ML-DSA message representative μ (FIPS 204 section 6.2).</summary>
    ExternalMu,
}

namespace Keyhold.Core.Keys;

/// <summary>
/// One version of a key's material, wrapped under a domain key (never stored in plaintext).
/// Version 1 is created with the key; rotations add higher versions and never remove older ones.
/// </summary>
public sealed record KeyMaterialRecord
{
    public required string KeyId { get; init; }

    public required int Version { get; init; }

    /// <summary>AWS-style KeyMaterialId: 64 lowercase hex characters.</summary>
    public required string MaterialId { get; init; }

    /// <summary>The material sealed by the domain key (see docs/designs/key-hierarchy.md).</summary>
    public required byte[] WrappedMaterial { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>How this version came to be: null for the key's original material, else AUTOMATIC or ON_DEMAND.</summary>
    public string? RotationType { get; init; }
}

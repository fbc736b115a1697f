namespace Keyhold.Core.Keys;

/// <summary>
/// One KMS key as stored: identity, metadata and state. Key material lives in <see cref="KeyMaterialRecord"/>s,
/// tags in <see cref="KeyTag"/>s. <see cref="RowVersion"/> makes every update a compare-and-swap, so two nodes
/// racing on the same key cannot lose a write.
/// </summary>
public sealed record KeyRecord
{
    public required string AccountId { get; init; }

    public required string Region { get; init; }

    public required string KeyId { get; init; }

    public string Description { get; init; } = string.Empty;

    /// <summary>KeySpec name as on the wire, e.g. SYMMETRIC_DEFAULT.</summary>
    public required string KeySpec { get; init; }

    /// <summary>KeyUsage name as on the wire, e.g. ENCRYPT_DECRYPT.</summary>
    public required string KeyUsage { get; init; }

    public string Origin { get; init; } = "AWS_KMS";

    public string KeyManager { get; init; } = "CUSTOMER";

    public required KeyState State { get; init; }

    public required DateTimeOffset CreationDate { get; init; }

    public DateTimeOffset? DeletionDate { get; init; }

    public int? PendingDeletionWindowInDays { get; init; }

    /// <summary>The key policy document (JSON text), policy name "default".</summary>
    public required string Policy { get; init; }

    /// <summary>Version of the material that Encrypt uses now.</summary>
    public required int CurrentMaterialVersion { get; init; }

    /// <summary>Automatic rotation period (90–2560 days); null when automatic rotation is disabled.</summary>
    public int? RotationPeriodInDays { get; init; }

    /// <summary>When the rotation scheduler next rotates the key; null when automatic rotation is disabled.</summary>
    public DateTimeOffset? NextRotationDate { get; init; }

    /// <summary>Incremented by the store on every successful update.</summary>
    public long RowVersion { get; init; }

    public string Arn => KeyArn.Format(Region, AccountId, KeyId);

    public bool Enabled => State == KeyState.Enabled;
}

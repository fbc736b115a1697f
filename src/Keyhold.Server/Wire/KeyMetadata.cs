namespace Keyhold.Server.Wire;

/// <summary>The KeyMetadata shape of DescribeKey and CreateKey.</summary>
internal sealed record KeyMetadata
{
    public string? AWSAccountId { get; init; }

    public required string KeyId { get; init; }

    public string? Arn { get; init; }

    public DateTimeOffset? CreationDate { get; init; }

    public bool? Enabled { get; init; }

    public string? Description { get; init; }

    public string? KeyUsage { get; init; }

    public string? KeyState { get; init; }

    public DateTimeOffset? DeletionDate { get; init; }

    public string? Origin { get; init; }

    public string? KeyManager { get; init; }

    public string? CustomerMasterKeySpec { get; init; }

    public string? KeySpec { get; init; }

    public List<string>? EncryptionAlgorithms { get; init; }

    public List<string>? SigningAlgorithms { get; init; }

    public List<string>? MacAlgorithms { get; init; }

    public List<string>? KeyAgreementAlgorithms { get; init; }

    public bool? MultiRegion { get; init; }

    public int? PendingDeletionWindowInDays { get; init; }

    public string? CurrentKeyMaterialId { get; init; }
}

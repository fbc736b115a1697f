namespace Keyhold.Core.Grants;

/// <summary>
/// A KMS grant: lets <see cref="GranteePrincipal"/> perform <see cref="Operations"/> on one key, optionally only with
/// an encryption context that equals or contains the constraint's pairs. Grants only ever allow; they never deny.
/// </summary>
public sealed record GrantRecord
{
    /// <summary>64 lowercase hex characters, as AWS's grant ids.</summary>
    public required string GrantId { get; init; }

    /// <summary>Account and region of the key (grants live with their key).</summary>
    public required string AccountId { get; init; }

    public required string Region { get; init; }

    public required string KeyId { get; init; }

    /// <summary>The CreateGrant Name; null when none was given.</summary>
    public string? Name { get; init; }

    /// <summary>Principal ARN (or account root ARN) that the grant gives permissions to.</summary>
    public required string GranteePrincipal { get; init; }

    public string? RetiringPrincipal { get; init; }

    /// <summary>The account root ARN under which the grant was created: <c>arn:aws:iam::&lt;account&gt;:root</c>.</summary>
    public required string IssuingAccount { get; init; }

    /// <summary>GrantOperation names as on the wire, in request order, without duplicates.</summary>
    public required IReadOnlyList<string> Operations { get; init; }

    /// <summary>EncryptionContextEquals constraint; null when absent.</summary>
    public IReadOnlyDictionary<string, string>? EncryptionContextEquals { get; init; }

    /// <summary>EncryptionContextSubset constraint; null when absent.</summary>
    public IReadOnlyDictionary<string, string>? EncryptionContextSubset { get; init; }

    /// <summary>The opaque grant token CreateGrant returned; unique. RetireGrant can name the grant by it.</summary>
    public required string GrantToken { get; init; }

    public required DateTimeOffset CreationDate { get; init; }

    /// <summary>
    /// Whether <paramref name="other"/> asks for the same grant (everything but id, token and creation date), which makes a
    /// CreateGrant retry with the same Name idempotent.
    /// </summary>
    public bool HasSameParameters(GrantRecord other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return KeyId == other.KeyId
            && Name == other.Name
            && GranteePrincipal == other.GranteePrincipal
            && RetiringPrincipal == other.RetiringPrincipal
            && Operations.Order(StringComparer.Ordinal).SequenceEqual(other.Operations.Order(StringComparer.Ordinal))
            && SameContext(EncryptionContextEquals, other.EncryptionContextEquals)
            && SameContext(EncryptionContextSubset, other.EncryptionContextSubset);
    }

    private static bool SameContext(IReadOnlyDictionary<string, string>? a, IReadOnlyDictionary<string, string>? b) =>
        a is null || b is null
            ? a is null && b is null
            : a.Count == b.Count && a.All(pair => b.TryGetValue(pair.Key, out var value) && value == pair.Value);
}

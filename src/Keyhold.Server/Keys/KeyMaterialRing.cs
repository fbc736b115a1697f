using System.Collections.Concurrent;
using System.Security.Cryptography;
using Keyhold.Core.Keys;
using Keyhold.Core.Storage;
using Keyhold.Crypto.Asymmetric;
using Keyhold.Crypto.Mac;
using Keyhold.Crypto.Protection;

namespace Keyhold.Server.Keys;

/// <summary>
/// Seals new key material for storage and serves unsealed material to the cryptographic handlers.
/// A material version never changes once written, so unsealed versions are cached for the life of the process
/// (dropped when the key is deleted); the hot path then needs no store round trip for material.
/// </summary>
internal sealed class KeyMaterialRing(IKeyholdStore store, DomainKeyRing domainKeys, TimeProvider time)
{
    private readonly ConcurrentDictionary<(string KeyId, int Version), CachedMaterial> _cache = new();
    private readonly ConcurrentDictionary<(string KeyId, int Version), AsymmetricKey> _loaded = new();

    /// <summary>
    /// Creates a new random 256-bit material version, returning the sealed record to store. It is not cached here:
    /// only versions read back from the store are, so a write that failed (or lost a race with another node that
    /// stored a different material under the same version) can never leave a wrong material in the cache.
    /// </summary>
    public KeyMaterialRecord CreateSymmetric(string keyId, int version)
    {
        var material = RandomNumberGenerator.GetBytes(32);
        try
        {
            return Seal(keyId, version, material);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    /// <summary>
    /// Creates a new material version for <paramref name="keySpec"/>: 256 random bits for SYMMETRIC_DEFAULT, an HMAC key
    /// of the spec's size, or a PKCS#8 private key for an asymmetric spec; sealed like <see cref="CreateSymmetric"/>.
    /// </summary>
    public KeyMaterialRecord Create(string keyId, int version, string keySpec)
    {
        if (keySpec == "SYMMETRIC_DEFAULT")
        {
            return CreateSymmetric(keyId, version);
        }

        var material = KeySpecs.IsHmac(keySpec) ? HmacKeys.Generate(keySpec) : AsymmetricKey.GeneratePrivateKey(keySpec);
        try
        {
            return Seal(keyId, version, material);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    /// <summary>
    /// The loaded private key of one version of an asymmetric key, imported once per node (importing a PKCS#8 key costs
    /// far more than using it), or null if the key has no such version.
    /// </summary>
    public async ValueTask<AsymmetricKey?> GetAsymmetricAsync(string keyId, int version, string keySpec, CancellationToken cancellationToken)
    {
        if (_loaded.TryGetValue((keyId, version), out var loaded))
        {
            return loaded;
        }

        var material = await GetAsync(keyId, version, cancellationToken).ConfigureAwait(false);
        if (material is null)
        {
            return null;
        }

        loaded = AsymmetricKey.Import(keySpec, material.Material);
        var winner = _loaded.GetOrAdd((keyId, version), loaded);
        if (!ReferenceEquals(winner, loaded))
        {
            loaded.Dispose();
        }

        return winner;
    }

    /// <summary>The unsealed material of one version, or null if the key has no such version.</summary>
    public async ValueTask<CachedMaterial?> GetAsync(string keyId, int version, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue((keyId, version), out var cached))
        {
            return cached;
        }

        var records = await store.GetKeyMaterialsAsync(keyId, cancellationToken).ConfigureAwait(false);
        CachedMaterial? found = null;
        foreach (var record in records)
        {
            var material = new CachedMaterial(domainKeys.Open(record.WrappedMaterial, Purpose(record.KeyId, record.Version)), record.MaterialId);
            _cache[(record.KeyId, record.Version)] = material;
            if (record.Version == version)
            {
                found = material;
            }
        }

        return found;
    }

    /// <summary>Forgets a deleted key's material.</summary>
    public void Evict(string keyId)
    {
        foreach (var entry in _loaded.Keys)
        {
            if (entry.KeyId == keyId && _loaded.TryRemove(entry, out var removed))
            {
                removed.Dispose();
            }
        }

        foreach (var entry in _cache.Keys)
        {
            if (entry.KeyId == keyId && _cache.TryRemove(entry, out var removed))
            {
                CryptographicOperations.ZeroMemory(removed.Material);
            }
        }
    }

    private static string Purpose(string keyId, int version) => $"key-material/{keyId}/{version}";

    private KeyMaterialRecord Seal(string keyId, int version, byte[] material) => new()
    {
        KeyId = keyId,
        Version = version,
        MaterialId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
        WrappedMaterial = domainKeys.Seal(material, Purpose(keyId, version)),
        CreatedAt = time.GetUtcNow(),
    };
}

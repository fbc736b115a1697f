namespace Keyhold.Server.Keys;

/// <summary>One unsealed key material version and its AWS-style KeyMaterialId.</summary>
internal sealed record CachedMaterial(byte[] Material, string MaterialId);

using Keyhold.Core.Keys;

namespace Keyhold.Server.Keys;

/// <summary>The result of opening a ciphertext: the key that sealed it, the plaintext and the material version's id.</summary>
internal sealed record DecryptedBlob(KeyRecord Key, byte[] Plaintext, int MaterialVersion, string MaterialId);

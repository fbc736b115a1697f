using Keyhold.Core.Keys;
using Keyhold.Crypto.Asymmetric;

namespace Keyhold.Server.Keys;

/// <summary>
/// The algorithm lists DescribeKey and GetPublicKey show for a key: only the list that belongs to its key usage, in
/// AWS's order (<see cref="KeySpecs"/>); the others are absent, as AWS omits them.
/// </summary>
internal static class KeyAlgorithms
{
    public static List<string>? Encryption(KeyRecord key) => For(key, "ENCRYPT_DECRYPT", static s => s.EncryptionAlgorithms);

    public static List<string>? Signing(KeyRecord key) => For(key, "SIGN_VERIFY", static s => s.SigningAlgorithms);

    public static List<string>? Mac(KeyRecord key) => For(key, "GENERATE_VERIFY_MAC", static s => s.MacAlgorithms);

    public static List<string>? KeyAgreement(KeyRecord key) => For(key, "KEY_AGREEMENT", static s => s.KeyAgreementAlgorithms);

    /// <summary>Whether <paramref name="algorithm"/> is one the key's spec allows for its usage.</summary>
    public static bool Allows(KeyRecord key, string algorithm) =>
        (Encryption(key) ?? Signing(key) ?? Mac(key) ?? KeyAgreement(key) ?? []).Contains(algorithm);

    private static List<string>? For(KeyRecord key, string usage, Func<KeySpecInfo, IReadOnlyList<string>> select) =>
        key.KeyUsage == usage && KeySpecs.Find(key.KeySpec) is { } spec ? [.. select(spec)] : null;
}

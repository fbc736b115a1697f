namespace Keyhold.Crypto.Asymmetric;

/// <summary>
/// One entry of AWS's key-spec catalogue: the key usages a KeySpec allows and, per usage, the algorithm lists exactly
/// as DescribeKey shows them (same names, same order). The server filters the lists by the key's own usage.
/// </summary>
public sealed record KeySpecInfo(
    string KeySpec,
    IReadOnlyList<string> KeyUsages,
    IReadOnlyList<string> EncryptionAlgorithms,
    IReadOnlyList<string> SigningAlgorithms,
    IReadOnlyList<string> KeyAgreementAlgorithms,
    IReadOnlyList<string> MacAlgorithms);

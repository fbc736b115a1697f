namespace Keyhold.Cli.ReEncrypt;

/// <summary>What every line of a <c>keyhold reencrypt</c> run shares.</summary>
/// <param name="DestinationKeyId">Key id, key ARN, alias name or alias ARN of the key to re-encrypt under.</param>
/// <param name="SourceContext">Encryption context of the input ciphertexts, unless a JSON line gives its own.</param>
/// <param name="DestinationContext">Encryption context to bind the new ciphertexts to.</param>
/// <param name="Parallelism">How many ReEncrypt calls run at once.</param>
internal sealed record ReEncryptOptions(
    string DestinationKeyId,
    Dictionary<string, string>? SourceContext,
    Dictionary<string, string>? DestinationContext,
    int Parallelism);

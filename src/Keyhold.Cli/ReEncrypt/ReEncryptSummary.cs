namespace Keyhold.Cli.ReEncrypt;

/// <summary>How a <c>keyhold reencrypt</c> run went: lines re-encrypted and lines that failed.</summary>
internal readonly record struct ReEncryptSummary(long Succeeded, long Failed);

namespace Keyhold.Server.Operations;

/// <summary>The X-Amz-Target prefixes the endpoint serves.</summary>
internal static class KmsTargets
{
    /// <summary>AWS KMS's own target prefix.</summary>
    public const string KmsService = "TrentService";

    /// <summary>Keyhold's extensions (rotate-alias, alias history, usage); never sent by standard AWS clients.</summary>
    public const string KeyholdService = "KeyholdService";
}

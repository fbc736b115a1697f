namespace Keyhold.Server.Authorization;

/// <summary>
/// What a request wants to do with a key: the IAM action (<c>kms:Encrypt</c>) and, where the request body does not say
/// it plainly, the encryption context that the action's condition keys and grant constraints see (ReEncrypt has two)
/// and operation-only condition values such as <c>kms:ReEncryptOnSameKey</c> (keys compared case-insensitively).
/// </summary>
internal sealed record KeyAccess(string Action)
{
    public IReadOnlyDictionary<string, string>? EncryptionContext { get; init; }

    public IReadOnlyDictionary<string, string>? OperationValues { get; init; }

    /// <summary>The action of the request's own operation: <c>kms:&lt;Operation&gt;</c>.</summary>
    public static KeyAccess For(string operation) => new("kms:" + operation);
}

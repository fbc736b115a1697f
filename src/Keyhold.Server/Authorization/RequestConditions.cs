using System.Globalization;
using System.Text.Json;
using Keyhold.Core.Keys;
using Keyhold.Policy;
using Keyhold.Server.Protocol;

namespace Keyhold.Server.Authorization;

/// <summary>
/// The condition keys of one request (the IAM "request context"), computed only when a policy asks for one: global keys
/// (<c>aws:PrincipalArn</c>, <c>aws:SourceIp</c>, <c>aws:CurrentTime</c>, <c>aws:RequestTag/…</c>, <c>aws:ResourceTag/…</c>)
/// and the KMS keys (<c>kms:EncryptionContext:…</c>, <c>kms:CallerAccount</c>, <c>kms:KeySpec</c>, <c>kms:GrantOperations</c>,
/// …) read from the key and the request body, plus values only the operation knows (<c>kms:ReEncryptOnSameKey</c>).
/// </summary>
internal sealed class RequestConditions(
    KmsRequestContext context,
    KeyRecord? key,
    DateTimeOffset now,
    IReadOnlyDictionary<string, string>? encryptionContext,
    IReadOnlyList<KeyTag>? resourceTags,
    IReadOnlyList<string>? resourceAliases,
    IReadOnlyDictionary<string, string>? operationValues) : IConditionValues
{
    private const string EncryptionContextPrefix = "kms:EncryptionContext:";
    private const string RequestTagPrefix = "aws:RequestTag/";
    private const string ResourceTagPrefix = "aws:ResourceTag/";

    public bool TryGetValues(string key, out IReadOnlyList<string> values)
    {
        values = Find(key)!;
        return values is not null;
    }

    private IReadOnlyList<string>? Find(string name)
    {
        if (name.StartsWith(EncryptionContextPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var contextKey = name[EncryptionContextPrefix.Length..];
            var pairs = EncryptionContext();
            if (pairs is null)
            {
                return null;
            }

            foreach (var (k, v) in pairs)
            {
                if (string.Equals(k, contextKey, StringComparison.OrdinalIgnoreCase))
                {
                    return [v];
                }
            }

            return null;
        }

        if (name.StartsWith(RequestTagPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var tagKey = name[RequestTagPrefix.Length..];
            return RequestTags().Where(t => t.Key == tagKey).Select(t => t.Value).ToArray() is { Length: > 0 } found ? found : null;
        }

        if (name.StartsWith(ResourceTagPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var tagKey = name[ResourceTagPrefix.Length..];
            return resourceTags?.FirstOrDefault(t => t.TagKey == tagKey) is { } tag ? [tag.TagValue] : null;
        }

        return name.ToUpperInvariant() switch
        {
            "AWS:PRINCIPALARN" => [context.Principal.Arn],
            "AWS:PRINCIPALACCOUNT" => [context.AccountId],
            "AWS:PRINCIPALTYPE" => [context.Principal.IsRoot ? "Account" : "User"],
            "AWS:USERNAME" => context.Principal.UserName is { } user ? [user] : null,
            "AWS:SOURCEIP" => context.SourceIp is { } ip ? [ip] : null,
            "AWS:CURRENTTIME" => [now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)],
            "AWS:EPOCHTIME" => [now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)],
            "AWS:SECURETRANSPORT" => [context.SecureTransport ? "true" : "false"],
            "AWS:REQUESTEDREGION" => [context.Region],
            "AWS:USERAGENT" => context.UserAgent is { } agent ? [agent] : null,
            "AWS:TAGKEYS" => TagKeys(),
            "KMS:CALLERACCOUNT" => [context.AccountId],
            "KMS:ENCRYPTIONCONTEXTKEYS" => EncryptionContext() is { } pairs ? pairs.Keys.ToArray() : null,
            "KMS:KEYSPEC" or "KMS:CUSTOMERMASTERKEYSPEC" => key is not null ? [key.KeySpec] : Body("KeySpec") ?? Body("CustomerMasterKeySpec") ?? ["SYMMETRIC_DEFAULT"],
            "KMS:KEYUSAGE" or "KMS:CUSTOMERMASTERKEYUSAGE" => key is not null ? [key.KeyUsage] : Body("KeyUsage") ?? ["ENCRYPT_DECRYPT"],
            "KMS:KEYORIGIN" => key is not null ? [key.Origin] : Body("Origin") ?? ["AWS_KMS"],
            "KMS:MULTIREGION" => ["false"],
            "KMS:ENCRYPTIONALGORITHM" => Body("EncryptionAlgorithm") ?? (IsSymmetricCryptoOperation() ? ["SYMMETRIC_DEFAULT"] : null),
            "KMS:REQUESTALIAS" => RequestAlias(),
            "KMS:RESOURCEALIASES" => resourceAliases,
            "KMS:GRANTOPERATIONS" => Body("Operations"),
            "KMS:GRANTEEPRINCIPAL" => Body("GranteePrincipal"),
            "KMS:RETIRINGPRINCIPAL" => Body("RetiringPrincipal"),
            "KMS:GRANTCONSTRAINTTYPE" => GrantConstraintTypes(),
            "KMS:GRANTISFORAWSRESOURCE" => context.Operation is "CreateGrant" or "ListGrants" or "RevokeGrant" ? ["false"] : null,
            "KMS:ROTATIONPERIODINDAYS" => Body("RotationPeriodInDays"),
            "KMS:BYPASSPOLICYLOCKOUTSAFETYCHECK" => Body("BypassPolicyLockoutSafetyCheck"),
            "KMS:SCHEDULEKEYDELETIONPENDINGWINDOWINDAYS" => Body("PendingWindowInDays"),
            "KMS:DATAKEYPAIRSPEC" => Body("KeyPairSpec"),
            "KMS:SIGNINGALGORITHM" => Body("SigningAlgorithm"),
            "KMS:MESSAGETYPE" => Body("MessageType"),
            "KMS:MACALGORITHM" => Body("MacAlgorithm"),
            "KMS:KEYAGREEMENTALGORITHM" => Body("KeyAgreementAlgorithm"),
            _ => operationValues is not null && operationValues.TryGetValue(name, out var value) ? [value] : null,
        };
    }

    private bool IsSymmetricCryptoOperation() =>
        context.Operation is "Encrypt" or "Decrypt" or "ReEncrypt" or "GenerateDataKey" or "GenerateDataKeyWithoutPlaintext"
            && key is { KeySpec: "SYMMETRIC_DEFAULT" } or null;

    private IReadOnlyDictionary<string, string>? EncryptionContext()
    {
        if (encryptionContext is not null)
        {
            return encryptionContext;
        }

        if (!TryGetBodyMember("EncryptionContext", out var element) || element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            pairs[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
        }

        return pairs;
    }

    private IEnumerable<(string Key, string Value)> RequestTags()
    {
        if (!TryGetBodyMember("Tags", out var tags) || tags.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var tag in tags.EnumerateArray())
        {
            if (tag.ValueKind == JsonValueKind.Object
                && tag.TryGetProperty("TagKey", out var k) && k.ValueKind == JsonValueKind.String
                && tag.TryGetProperty("TagValue", out var v) && v.ValueKind == JsonValueKind.String)
            {
                yield return (k.GetString()!, v.GetString()!);
            }
        }
    }

    private string[]? TagKeys()
    {
        var keys = RequestTags().Select(t => t.Key).ToList();
        if (Body("TagKeys") is { } removed)
        {
            keys.AddRange(removed);
        }

        return keys.Count > 0 ? [.. keys] : null;
    }

    private string[]? RequestAlias()
    {
        var keyId = Body("KeyId")?.FirstOrDefault();
        if (keyId is null)
        {
            return null;
        }

        var index = keyId.IndexOf("alias/", StringComparison.Ordinal);
        return index < 0 ? null : [keyId[index..]];
    }

    private string[]? GrantConstraintTypes()
    {
        if (!TryGetBodyMember("Constraints", out var constraints) || constraints.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return constraints.EnumerateObject().Select(p => p.Name).ToArray();
    }

    /// <summary>A body member as condition values: a string, a number or bool as text, or an array of those.</summary>
    private string[]? Body(string member)
    {
        if (!TryGetBodyMember(member, out var element))
        {
            return null;
        }

        return element.ValueKind switch
        {
            JsonValueKind.String => [element.GetString()!],
            JsonValueKind.Number => [element.GetRawText()],
            JsonValueKind.True => ["true"],
            JsonValueKind.False => ["false"],
            JsonValueKind.Array => element.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToArray(),
            _ => null,
        };
    }

    private bool TryGetBodyMember(string member, out JsonElement element)
    {
        element = default;
        return context.Body.ValueKind == JsonValueKind.Object && context.Body.TryGetProperty(member, out element) && element.ValueKind != JsonValueKind.Null;
    }
}

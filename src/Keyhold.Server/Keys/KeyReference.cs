using Keyhold.Core.Errors;

namespace Keyhold.Server.Keys;

/// <summary>A parsed KeyId member: either a key id (with the account of its ARN, if given) or an alias name.</summary>
internal readonly record struct KeyReference(string? KeyId, string? AccountId, string? AliasName)
{
    private const string AliasPrefix = "alias/";

    public static KeyReference Parse(string value, string region, bool allowAlias)
    {
        if (value.StartsWith("arn:", StringComparison.Ordinal))
        {
            return ParseArn(value, region, allowAlias);
        }

        if (value.StartsWith(AliasPrefix, StringComparison.Ordinal))
        {
            return allowAlias && value.Length > AliasPrefix.Length
                ? new KeyReference(null, null, value)
                : throw KmsErrors.InvalidKeyId(value);
        }

        return IsKeyId(value) ? new KeyReference(value, null, null) : throw KmsErrors.InvalidKeyId(value);
    }

    /// <summary>A key id is a lowercase or uppercase UUID with dashes, or a multi-Region <c>mrk-</c> id.</summary>
    public static bool IsKeyId(string value)
    {
        if (value.StartsWith("mrk-", StringComparison.Ordinal))
        {
            return value.Length == 36 && value.AsSpan(4).ContainsAnyExcept(HexDigits) is false;
        }

        return value.Length == 36 && Guid.TryParseExact(value, "D", out _);
    }

    private static readonly System.Buffers.SearchValues<char> HexDigits =
        System.Buffers.SearchValues.Create("0123456789abcdef");

    private static KeyReference ParseArn(string value, string region, bool allowAlias)
    {
        // arn:PARTITION:kms:REGION:ACCOUNT:key/ID or :alias/NAME
        var parts = value.Split(':', 6);
        if (parts.Length != 6 || parts[2] != "kms" || parts[4].Length != 12)
        {
            throw KmsErrors.InvalidKeyId(value);
        }

        if (parts[3] != region)
        {
            throw KmsErrors.InvalidArnRegion(parts[3]);
        }

        var resource = parts[5];
        if (resource.StartsWith("key/", StringComparison.Ordinal) && IsKeyId(resource[4..]))
        {
            return new KeyReference(resource[4..], parts[4], null);
        }

        if (allowAlias && resource.StartsWith(AliasPrefix, StringComparison.Ordinal) && resource.Length > AliasPrefix.Length)
        {
            return new KeyReference(null, parts[4], resource);
        }

        throw KmsErrors.InvalidKeyId(value);
    }
}

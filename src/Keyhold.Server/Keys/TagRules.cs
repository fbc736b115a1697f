using Keyhold.Core.Errors;
using Keyhold.Core.Keys;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Keys;

/// <summary>AWS's tag rules beyond the model's lengths: no duplicates, no <c>aws:</c> prefix, at most 50 per key.</summary>
internal static class TagRules
{
    public const int MaxTagsPerKey = 50;

    public static List<KeyTag> Validate(List<Tag>? tags, int existingCount)
    {
        if (tags is null || tags.Count == 0)
        {
            return [];
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<KeyTag>(tags.Count);
        foreach (var tag in tags)
        {
            var key = tag.TagKey ?? string.Empty;
            if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                throw new KmsException(KmsErrorCodes.Tag, "Tags beginning with aws: are reserved");
            }

            if (!seen.Add(key))
            {
                throw new KmsException(KmsErrorCodes.Tag, "Duplicate tag keys");
            }

            result.Add(new KeyTag(key, tag.TagValue ?? string.Empty));
        }

        if (existingCount + result.Count > MaxTagsPerKey)
        {
            throw new KmsException(KmsErrorCodes.Tag, "Too many tags");
        }

        return result;
    }
}

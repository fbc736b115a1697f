using System.Text.Json;

namespace Keyhold.Policy.Parsing;

/// <summary>Parses the top level of a policy document: Version, Id and Statement.</summary>
internal static class PolicyParser
{
    /// <summary>The current policy language version; the only one in which <c>${…}</c> policy variables are substituted.</summary>
    public const string CurrentVersion = "2012-10-17";

    /// <summary>The original version: accepted, but <c>${…}</c> is literal text, as in AWS.</summary>
    public const string LegacyVersion = "2008-10-17";

    private static readonly JsonDocumentOptions Options = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowDuplicateProperties = false,
    };

    public static PolicyDocument Parse(string json, PolicyKind kind)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (string.IsNullOrWhiteSpace(json))
        {
            throw new PolicyValidationException("The policy document is empty.");
        }

        JsonDocument document;
        try
        {
            if (LoneSurrogateEscapes.Contain(json))
            {
                throw new PolicyValidationException("The policy is not valid JSON: a \\u escape is a lone surrogate.");
            }

            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException e)
        {
            throw new PolicyValidationException($"The policy is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            return Parse(document.RootElement, kind);
        }
    }

    private static PolicyDocument Parse(JsonElement root, PolicyKind kind)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new PolicyValidationException($"The policy must be a JSON object, not {JsonValues.Describe(root)}.");
        }

        string? version = null, id = null;
        JsonElement? statement = null;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "Version":
                    version = ReadTopLevelString(property);
                    if (version is not (CurrentVersion or LegacyVersion))
                    {
                        throw new PolicyValidationException($"Version \"{version}\" is not supported; use \"{CurrentVersion}\".");
                    }

                    break;
                case "Id":
                    id = ReadTopLevelString(property);
                    break;
                case "Statement":
                    statement = property.Value;
                    break;
                default:
                    throw new PolicyValidationException($"Unknown policy element \"{property.Name}\"; a policy may contain Version, Id and Statement.");
            }
        }

        if (statement is not { } statements)
        {
            throw new PolicyValidationException("The policy has no Statement element.");
        }

        var variables = version == CurrentVersion;
        var parsed = new List<PolicyStatement>();
        switch (statements.ValueKind)
        {
            case JsonValueKind.Object:
                parsed.Add(StatementParser.Parse(statements, 1, kind, variables));
                break;
            case JsonValueKind.Array:
                foreach (var item in statements.EnumerateArray())
                {
                    parsed.Add(StatementParser.Parse(item, parsed.Count + 1, kind, variables));
                }

                if (parsed.Count == 0)
                {
                    throw new PolicyValidationException("The policy's Statement list is empty; it needs at least one statement.");
                }

                break;
            default:
                throw new PolicyValidationException($"Statement must be an object or an array of objects, not {JsonValues.Describe(statements)}.");
        }

        return new PolicyDocument(kind, version, id, [.. parsed]);
    }

    private static string ReadTopLevelString(JsonProperty property) =>
        property.Value.ValueKind == JsonValueKind.String
            ? property.Value.GetString()!
            : throw new PolicyValidationException($"{property.Name} must be a string, not {JsonValues.Describe(property.Value)}.");
}

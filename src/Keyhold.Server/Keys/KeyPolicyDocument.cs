using System.Text.Json;
using Keyhold.Core.Errors;

namespace Keyhold.Server.Keys;

/// <summary>
/// Structural validation of a key policy (CreateKey, PutKeyPolicy): JSON, a Statement list, and in every statement
/// an Effect of Allow or Deny, a Principal, an Action and a Resource, as AWS requires. Evaluation is a later issue.
/// </summary>
internal static class KeyPolicyDocument
{
    public static string Validate(string policy)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(policy);
        }
        catch (JsonException)
        {
            throw Malformed("The policy is not valid JSON.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Malformed("The policy must be a JSON object.");
            }

            if (root.TryGetProperty("Version", out var version)
                && (version.ValueKind != JsonValueKind.String || version.GetString() is not ("2012-10-17" or "2008-10-17")))
            {
                throw Malformed("The policy Version must be \"2012-10-17\" or \"2008-10-17\".");
            }

            if (!root.TryGetProperty("Statement", out var statements))
            {
                throw Malformed("The policy must contain a Statement.");
            }

            if (statements.ValueKind == JsonValueKind.Object)
            {
                ValidateStatement(statements);
            }
            else if (statements.ValueKind == JsonValueKind.Array && statements.GetArrayLength() > 0)
            {
                foreach (var statement in statements.EnumerateArray())
                {
                    ValidateStatement(statement);
                }
            }
            else
            {
                throw Malformed("The policy Statement must be an object or a non-empty list.");
            }
        }

        return policy;
    }

    private static void ValidateStatement(JsonElement statement)
    {
        if (statement.ValueKind != JsonValueKind.Object)
        {
            throw Malformed("Each policy statement must be a JSON object.");
        }

        if (!statement.TryGetProperty("Effect", out var effect) || effect.ValueKind != JsonValueKind.String
            || effect.GetString() is not ("Allow" or "Deny"))
        {
            throw Malformed("Policy contains a statement with an Effect that is not Allow or Deny.");
        }

        if (!statement.TryGetProperty("Principal", out _) && !statement.TryGetProperty("NotPrincipal", out _))
        {
            throw Malformed("Policy contains a statement with no principal.");
        }

        if (!statement.TryGetProperty("Action", out _) && !statement.TryGetProperty("NotAction", out _))
        {
            throw Malformed("Policy contains a statement with no action.");
        }

        if (!statement.TryGetProperty("Resource", out _) && !statement.TryGetProperty("NotResource", out _))
        {
            throw Malformed("Policy contains a statement with no resource.");
        }
    }

    private static KmsException Malformed(string message) => new(KmsErrorCodes.MalformedPolicyDocument, message);
}

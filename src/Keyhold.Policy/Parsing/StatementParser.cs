using System.Text.Json;
using Keyhold.Policy.Conditions;
using Keyhold.Policy.Matching;
using Keyhold.Policy.Principals;

namespace Keyhold.Policy.Parsing;

/// <summary>Parses and validates one element of the policy's Statement list.</summary>
internal static class StatementParser
{
    public static PolicyStatement Parse(JsonElement element, int number, PolicyKind kind, bool variables)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new StatementLocation(number, null).Error($"a statement must be a JSON object, not {JsonValues.Describe(element)}");
        }

        // Read the Sid first so every later error can name it.
        string? sid = null;
        if (element.TryGetProperty("Sid", out var sidElement))
        {
            if (sidElement.ValueKind != JsonValueKind.String)
            {
                throw new StatementLocation(number, null).Error($"Sid must be a string, not {JsonValues.Describe(sidElement)}");
            }

            sid = sidElement.GetString();
        }

        var location = new StatementLocation(number, sid);
        PolicyEffect? effect = null;
        JsonElement? principal = null, notPrincipal = null, action = null, notAction = null, resource = null, notResource = null, condition = null;
        foreach (var property in element.EnumerateObject())
        {
            switch (property.Name)
            {
                case "Sid":
                    break;
                case "Effect":
                    effect = ParseEffect(property.Value, location);
                    break;
                case "Principal":
                    principal = property.Value;
                    break;
                case "NotPrincipal":
                    notPrincipal = property.Value;
                    break;
                case "Action":
                    action = property.Value;
                    break;
                case "NotAction":
                    notAction = property.Value;
                    break;
                case "Resource":
                    resource = property.Value;
                    break;
                case "NotResource":
                    notResource = property.Value;
                    break;
                case "Condition":
                    condition = property.Value;
                    break;
                default:
                    throw location.Error($"unknown element \"{property.Name}\"; a statement may contain Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource and Condition");
            }
        }

        if (effect is null)
        {
            throw location.Error("the Effect element is missing; it must be \"Allow\" or \"Deny\"");
        }

        var principals = ParsePrincipals(principal, notPrincipal, kind, location);
        var (actions, isNotAction) = ParseActions(action, notAction, location);
        var (resources, isNotResource) = ParseResources(resource, notResource, kind, variables, location);
        var conditions = condition is { } c ? ConditionParser.Parse(c, location, variables) : [];
        return new PolicyStatement(sid, effect.Value, principals, actions, isNotAction, resources, isNotResource, [.. conditions]);
    }

    private static PolicyEffect ParseEffect(JsonElement value, StatementLocation location)
    {
        // Effect is case-sensitive in AWS: "allow" is rejected.
        if (value.ValueKind == JsonValueKind.String)
        {
            switch (value.GetString())
            {
                case "Allow":
                    return PolicyEffect.Allow;
                case "Deny":
                    return PolicyEffect.Deny;
                default:
                    throw location.Error($"Effect must be \"Allow\" or \"Deny\", not \"{value.GetString()}\"");
            }
        }

        throw location.Error($"Effect must be the string \"Allow\" or \"Deny\", not {JsonValues.Describe(value)}");
    }

    private static PrincipalSet? ParsePrincipals(JsonElement? principal, JsonElement? notPrincipal, PolicyKind kind, StatementLocation location)
    {
        if (principal is not null && notPrincipal is not null)
        {
            throw location.Error("a statement cannot have both Principal and NotPrincipal");
        }

        var element = principal ?? notPrincipal;
        if (kind == PolicyKind.IdentityPolicy)
        {
            return element is null
                ? null
                : throw location.Error($"an identity policy cannot contain {(principal is null ? "NotPrincipal" : "Principal")}; the principal is whoever the policy is attached to");
        }

        if (element is null)
        {
            throw location.Error("a key policy statement must have a Principal or NotPrincipal element");
        }

        return PrincipalParser.Parse(element.Value, negated: notPrincipal is not null);
    }

    private static (WildcardPattern[] Patterns, bool Negated) ParseActions(JsonElement? action, JsonElement? notAction, StatementLocation location)
    {
        if (action is not null && notAction is not null)
        {
            throw location.Error("a statement cannot have both Action and NotAction; use exactly one");
        }

        if (action is null && notAction is null)
        {
            throw location.Error("a statement must have an Action or NotAction element");
        }

        var name = action is null ? "NotAction" : "Action";
        var values = JsonValues.ReadStrings((action ?? notAction)!.Value, location, name);
        var patterns = new WildcardPattern[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            if (!IsValidAction(values[i]))
            {
                throw location.Error($"invalid {name} \"{values[i]}\"; an action is \"service:ActionName\" (for example \"kms:Encrypt\" or \"kms:*\") or \"*\"");
            }

            patterns[i] = WildcardPattern.Compile(values[i], PatternSyntax.Wildcards);
        }

        return (patterns, notAction is not null);
    }

    private static bool IsValidAction(string value)
    {
        if (value == "*")
        {
            return true;
        }

        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == value.Length - 1 || value.IndexOf(':', colon + 1) >= 0)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is ':' or '*' or '?' or '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static (WildcardPattern[]? Patterns, bool Negated) ParseResources(JsonElement? resource, JsonElement? notResource, PolicyKind kind, bool variables, StatementLocation location)
    {
        if (resource is not null && notResource is not null)
        {
            throw location.Error("a statement cannot have both Resource and NotResource; use exactly one");
        }

        if (resource is null && notResource is null)
        {
            // In a key policy the resource is the key itself, so Resource may be left out.
            return kind == PolicyKind.KeyPolicy
                ? (null, false)
                : throw location.Error("an identity policy statement must have a Resource or NotResource element");
        }

        var name = resource is null ? "NotResource" : "Resource";
        var values = JsonValues.ReadStrings((resource ?? notResource)!.Value, location, name);
        var syntax = PatternSyntax.Wildcards | (variables ? PatternSyntax.Variables : PatternSyntax.None);
        var patterns = new WildcardPattern[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(values[i]))
            {
                throw location.Error($"{name} values must not be empty");
            }

            patterns[i] = WildcardPattern.Compile(values[i], syntax);
        }

        return (patterns, notResource is not null);
    }
}

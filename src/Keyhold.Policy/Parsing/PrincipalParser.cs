using System.Text.Json;
using Keyhold.Policy.Principals;

namespace Keyhold.Policy.Parsing;

/// <summary>Parses a Principal or NotPrincipal element: <c>"*"</c>, or an object with <c>AWS</c>, <c>Service</c> and <c>Federated</c> lists.</summary>
internal static class PrincipalParser
{
    /// <summary>AWS's message for any principal it does not accept (MalformedPolicyDocumentException).</summary>
    public const string InvalidPrincipalsMessage = "Policy contains a statement with one or more invalid principals.";

    public static PrincipalSet Parse(JsonElement element, bool negated)
    {
        var entries = new List<PrincipalEntry>();
        if (element.ValueKind == JsonValueKind.String && element.GetString() == "*")
        {
            entries.Add(new PrincipalEntry(PrincipalEntryKind.Everyone, string.Empty, "*"));
            return new PrincipalSet([.. entries], negated);
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid();
        }

        foreach (var property in element.EnumerateObject())
        {
            var kind = property.Name switch
            {
                "AWS" => PrincipalEntryKind.Account, // refined per value below
                "Service" or "Federated" => PrincipalEntryKind.NonIam,
                _ => throw Invalid(),
            };

            foreach (var value in ReadValues(property.Value))
            {
                if (kind == PrincipalEntryKind.NonIam)
                {
                    if (string.IsNullOrWhiteSpace(value) || value.Contains('*', StringComparison.Ordinal))
                    {
                        throw Invalid();
                    }

                    entries.Add(new PrincipalEntry(PrincipalEntryKind.NonIam, string.Empty, value));
                }
                else if (PrincipalArns.TryParseAws(value, out var entry))
                {
                    entries.Add(entry);
                }
                else
                {
                    throw Invalid();
                }
            }
        }

        if (entries.Count == 0)
        {
            throw Invalid();
        }

        return new PrincipalSet([.. entries], negated);
    }

    private static List<string> ReadValues(JsonElement element)
    {
        var values = new List<string>();
        if (element.ValueKind == JsonValueKind.String)
        {
            values.Add(element.GetString()!);
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                values.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw Invalid());
            }
        }
        else
        {
            throw Invalid();
        }

        return values;
    }

    private static PolicyValidationException Invalid() => new(InvalidPrincipalsMessage);
}

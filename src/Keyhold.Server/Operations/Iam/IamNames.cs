using System.Text.RegularExpressions;
using Keyhold.Core.Errors;

namespace Keyhold.Server.Operations.Iam;

/// <summary>IAM's rules for names and ids, reported as ValidationException in AWS's words.</summary>
internal static partial class IamNames
{
    public const string Active = "Active";
    public const string Inactive = "Inactive";

    /// <summary>A user name: 1–64 of <c>[A-Za-z0-9+=,.@_-]</c>.</summary>
    public static string User(string? value, string member = "userName") => Check(value, member, 64, NamePattern(), @"[\w+=,.@-]+");

    /// <summary>An inline policy name: 1–128 of <c>[A-Za-z0-9+=,.@_-]</c>.</summary>
    public static string Policy(string? value) => Check(value, "policyName", 128, NamePattern(), @"[\w+=,.@-]+");

    /// <summary>An access key id: 16–128 word characters.</summary>
    public static string AccessKeyId(string? value)
    {
        var id = Check(value, "accessKeyId", 128, WordPattern(), @"[\w]+");
        return id.Length < 16
            ? throw Invalid($"Value '{id}' at 'accessKeyId' failed to satisfy constraint: Member must have length greater than or equal to 16")
            : id;
    }

    /// <summary>An access key status: Active or Inactive.</summary>
    public static bool Status(string? value) => value switch
    {
        null => throw Invalid("Value null at 'status' failed to satisfy constraint: Member must not be null"),
        Active => true,
        Inactive => false,
        _ => throw Invalid($"Value '{value}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]"),
    };

    private static string Check(string? value, string member, int maxLength, Regex pattern, string patternText)
    {
        if (value is null)
        {
            throw Invalid($"Value null at '{member}' failed to satisfy constraint: Member must not be null");
        }

        if (value.Length == 0)
        {
            throw Invalid($"Value '' at '{member}' failed to satisfy constraint: Member must have length greater than or equal to 1");
        }

        if (value.Length > maxLength)
        {
            throw Invalid($"Value '{value}' at '{member}' failed to satisfy constraint: Member must have length less than or equal to {maxLength}");
        }

        return pattern.IsMatch(value)
            ? value
            : throw Invalid($"Value '{value}' at '{member}' failed to satisfy constraint: Member must satisfy regular expression pattern: {patternText}");
    }

    private static KmsException Invalid(string message) => KmsErrors.Validation("1 validation error detected: " + message);

    [GeneratedRegex(@"^[A-Za-z0-9+=,.@_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[A-Za-z0-9_]+$", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();
}

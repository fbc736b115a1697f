using Keyhold.Core.Errors;

namespace Keyhold.Server.Keys;

/// <summary>AWS's alias-name rules beyond the model's pattern: the <c>alias/</c> prefix, and <c>alias/aws/</c> reserved.</summary>
internal static class AliasNameRules
{
    public const string Prefix = "alias/";
    public const string ReservedPrefix = "alias/aws/";

    /// <summary>For CreateAlias: the name a customer may create.</summary>
    public static void ValidateNewName(string aliasName)
    {
        ValidateName(aliasName);
        if (aliasName.StartsWith(ReservedPrefix, StringComparison.Ordinal))
        {
            throw new KmsException(KmsErrorCodes.InvalidAliasName, $"Alias {aliasName} cannot begin with {ReservedPrefix}: that prefix is reserved for AWS managed keys.");
        }
    }

    /// <summary>For every alias operation: the prefix AWS requires (message recorded from AWS).</summary>
    public static void ValidateName(string aliasName)
    {
        if (!aliasName.StartsWith(Prefix, StringComparison.Ordinal) || aliasName.Length == Prefix.Length)
        {
            throw KmsErrors.Validation("Alias must start with the prefix \"alias/\". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html");
        }

        if (aliasName.Contains(':', StringComparison.Ordinal))
        {
            throw KmsErrors.Validation($"{aliasName} contains invalid characters for an alias");
        }
    }
}

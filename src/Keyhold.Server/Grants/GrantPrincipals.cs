using System.Text.RegularExpressions;
using Keyhold.Core.Errors;

namespace Keyhold.Server.Grants;

/// <summary>
/// What a grantee or retiring principal may be, as AWS accepts it: an account root, IAM user or role, assumed-role
/// session, or an AWS service principal (<c>logs.us-east-1.amazonaws.com</c>).
/// </summary>
internal static partial class GrantPrincipals
{
    public static void Validate(string principal, string member)
    {
        if (!PrincipalPattern().IsMatch(principal))
        {
            throw KmsErrors.Validation($"{member} is not a valid principal: '{principal}'. Use the ARN of an account root, IAM user or role, an assumed-role session, or an AWS service principal.");
        }
    }

    [GeneratedRegex(@"^(arn:aws:iam::\d{12}:(root|user/[\w+=,.@/-]+|role/[\w+=,.@/-]+)|arn:aws:sts::\d{12}:(assumed-role|federated-user)/[\w+=,.@/-]+|[a-z0-9.-]+\.amazonaws\.com)$", RegexOptions.CultureInvariant)]
    private static partial Regex PrincipalPattern();
}

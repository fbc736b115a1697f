using System.Security.Cryptography;

namespace Keyhold.Server.Accounts;

/// <summary>IAM-style unique ids for users: <c>AIDA</c> followed by 17 characters, as sts:GetCallerIdentity shows them.</summary>
internal static class UserIds
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static string New() => "AIDA" + RandomNumberGenerator.GetString(Alphabet, 17);
}

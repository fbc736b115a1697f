namespace Keyhold.Policy.Tests.TestSupport;

/// <summary>Callers, keys and request builders shared by the policy tests.</summary>
internal static class Requests
{
    public const string Account = "111122223333";
    public const string OtherAccount = "444455556666";
    public const string Root = "arn:aws:iam::111122223333:root";
    public const string Alice = "arn:aws:iam::111122223333:user/alice";
    public const string Bob = "arn:aws:iam::111122223333:user/bob";
    public const string OtherRoot = "arn:aws:iam::444455556666:root";
    public const string OtherUser = "arn:aws:iam::444455556666:user/carol";
    public const string KeyArn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    public static AuthorizationRequest For(string principalArn, string action = "kms:Encrypt", string resource = KeyArn, IConditionValues? conditions = null) =>
        new()
        {
            Action = action,
            Resource = resource,
            PrincipalArn = principalArn,
            PrincipalAccount = AccountOf(principalArn),
            Conditions = conditions ?? new ConditionValues(),
        };

    /// <summary>
    /// Builds a request context from <c>key=v1|v2;key2=v</c>; <c>key=</c> makes a key present with no values, and an
    /// empty string makes no keys at all.
    /// </summary>
    public static ConditionValues Context(string spec)
    {
        var values = new ConditionValues();
        foreach (var entry in spec.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            var key = entry[..equals];
            var rest = entry[(equals + 1)..];
            values.Set(key, rest.Length == 0 ? [] : rest.Split('|'));
        }

        return values;
    }

    private static string AccountOf(string arn) => arn.Split(':')[4];
}

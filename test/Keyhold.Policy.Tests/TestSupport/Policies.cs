namespace Keyhold.Policy.Tests.TestSupport;

/// <summary>Policy documents used across the tests.</summary>
internal static class Policies
{
    public const string DefaultKeyPolicy = """
        {"Version":"2012-10-17","Id":"key-default-1","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}
        """;

    public static PolicyDocument Key(string statements, string version = "2012-10-17") =>
        PolicyDocument.Parse($$"""{"Version":"{{version}}","Statement":{{statements}}}""", PolicyKind.KeyPolicy);

    public static PolicyDocument Identity(string statements, string version = "2012-10-17") =>
        PolicyDocument.Parse($$"""{"Version":"{{version}}","Statement":{{statements}}}""", PolicyKind.IdentityPolicy);

    /// <summary>An identity policy allowing everything under one condition block: Allow means the condition held.</summary>
    public static PolicyDocument AllowWhen(string condition, string version = "2012-10-17") =>
        Identity($$"""[{"Effect":"Allow","Action":"kms:*","Resource":"*","Condition":{{condition}}}]""", version);
}

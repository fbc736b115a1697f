using Keyhold.Policy.Tests.TestSupport;

namespace Keyhold.Policy.Tests;

public sealed class PolicyDocumentTests
{
    private const string InvalidPrincipals = "Policy contains a statement with one or more invalid principals.";

    [Fact]
    public void Parse_DefaultKeyPolicy_ReadsEveryElement()
    {
        var policy = PolicyDocument.Parse(Policies.DefaultKeyPolicy, PolicyKind.KeyPolicy);

        Assert.Equal(PolicyKind.KeyPolicy, policy.Kind);
        Assert.Equal("2012-10-17", policy.Version);
        Assert.Equal("key-default-1", policy.Id);
        var statement = Assert.Single(policy.Statements);
        Assert.Equal("Enable IAM User Permissions", statement.Sid);
        Assert.Equal(PolicyEffect.Allow, statement.Effect);
    }

    [Fact]
    public void Parse_StatementAsSingleObject_IsOneStatement()
    {
        var policy = PolicyDocument.Parse("""{"Statement":{"Effect":"Deny","Action":"kms:*","Resource":"*"}}""", PolicyKind.IdentityPolicy);

        Assert.Equal(PolicyEffect.Deny, Assert.Single(policy.Statements).Effect);
        Assert.Null(policy.Version);
    }

    [Fact]
    public void Parse_DuplicateSids_AreAllowed()
    {
        var policy = Policies.Identity("""[{"Sid":"Same","Effect":"Allow","Action":"kms:Encrypt","Resource":"*"},{"Sid":"Same","Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}]""");

        Assert.Equal(2, policy.Statements.Count);
    }

    [Theory]
    [InlineData("2012-10-17")]
    [InlineData("2008-10-17")]
    public void Parse_SupportedVersion_IsAccepted(string version)
    {
        Assert.Equal(version, Policies.Identity("""{"Effect":"Allow","Action":"kms:*","Resource":"*"}""", version).Version);
    }

    [Fact]
    public void Parse_ServiceAndFederatedPrincipals_AreAccepted()
    {
        var policy = Policies.Key("""{"Effect":"Allow","Principal":{"Service":["logs.amazonaws.com"],"Federated":"cognito-identity.amazonaws.com","AWS":["111122223333","arn:aws:iam::111122223333:role/Admin"]},"Action":"kms:*"}""");

        Assert.Single(policy.Statements);
    }

    [Theory]
    [InlineData("kms:ResourceAliases", true)]
    [InlineData("KMS:resourcealiases", true)]
    [InlineData("kms:EncryptionContext:Department", true)]
    [InlineData("aws:username", true)]
    [InlineData("aws:PrincipalTag/Team", true)]
    [InlineData("kms:CallerAccount", false)]
    public void ReferencesConditionKey_KeyInConditionOrVariable_IsReported(string key, bool referenced)
    {
        var policy = Policies.Identity("""
            [{"Effect":"Allow","Action":"kms:*","Resource":"arn:aws:kms:*:*:key/${aws:PrincipalTag/Team}",
              "Condition":{"ForAnyValue:StringLike":{"kms:ResourceAliases":"alias/app-*"},"StringEquals":{"kms:EncryptionContext:Department":"${aws:username}"}}}]
            """);

        Assert.Equal(referenced, policy.ReferencesConditionKey(key));
    }

    [Theory]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]""", "The policy is not valid JSON:")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*",}]}""", "The policy is not valid JSON:")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Effect":"Deny","Action":"kms:*","Resource":"*"}]}""", "The policy is not valid JSON:")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]} // comment""", "The policy is not valid JSON:")]
    public void Parse_InvalidJson_SaysSo(string json, string prefix)
    {
        var error = Assert.Throws<PolicyValidationException>(() => PolicyDocument.Parse(json, PolicyKind.IdentityPolicy));

        Assert.StartsWith(prefix, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    // Top level.
    [InlineData("   ", "The policy document is empty.")]
    [InlineData("""[]""", "The policy must be a JSON object, not an array.")]
    [InlineData("""{"Version":"2012-10-17","Statements":[]}""", "Unknown policy element \"Statements\"; a policy may contain Version, Id and Statement.")]
    [InlineData("""{"Version":"2020-01-01","Statement":[]}""", "Version \"2020-01-01\" is not supported; use \"2012-10-17\".")]
    [InlineData("""{"Version":2012,"Statement":[]}""", "Version must be a string, not a number.")]
    [InlineData("""{"Id":["x"],"Statement":[]}""", "Id must be a string, not an array.")]
    [InlineData("""{"Version":"2012-10-17"}""", "The policy has no Statement element.")]
    [InlineData("""{"Version":"2012-10-17","Statement":[]}""", "The policy's Statement list is empty; it needs at least one statement.")]
    [InlineData("""{"Statement":"Allow"}""", "Statement must be an object or an array of objects, not a string.")]
    [InlineData("""{"Statement":[42]}""", "Statement 1: a statement must be a JSON object, not a number")]
    // Statement elements.
    [InlineData("""{"Statement":[{"Sid":"A","Effect":"Allow","Actions":"kms:*","Resource":"*"}]}""", "Statement 1 (Sid \"A\"): unknown element \"Actions\"; a statement may contain Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource and Condition")]
    [InlineData("""{"Statement":[{"Sid":7,"Effect":"Allow","Action":"kms:*","Resource":"*"}]}""", "Statement 1: Sid must be a string, not a number")]
    [InlineData("""{"Statement":[{"Sid":"A","Action":"kms:*","Resource":"*"}]}""", "Statement 1 (Sid \"A\"): the Effect element is missing; it must be \"Allow\" or \"Deny\"")]
    [InlineData("""{"Statement":[{"Effect":"allow","Action":"kms:*","Resource":"*"}]}""", "Statement 1: Effect must be \"Allow\" or \"Deny\", not \"allow\"")]
    [InlineData("""{"Statement":[{"Effect":true,"Action":"kms:*","Resource":"*"}]}""", "Statement 1: Effect must be the string \"Allow\" or \"Deny\", not a boolean")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"kms:*","NotAction":"kms:Decrypt","Resource":"*"}]}""", "Statement 1: a statement cannot have both Action and NotAction; use exactly one")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Resource":"*"}]}""", "Statement 1: a statement must have an Action or NotAction element")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"Encrypt","Resource":"*"}]}""", "Statement 1: invalid Action \"Encrypt\"; an action is \"service:ActionName\" (for example \"kms:Encrypt\" or \"kms:*\") or \"*\"")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"kms:","Resource":"*"}]}""", "Statement 1: invalid Action \"kms:\"; an action is \"service:ActionName\" (for example \"kms:Encrypt\" or \"kms:*\") or \"*\"")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":["kms:Encrypt",":Decrypt"],"Resource":"*"}]}""", "Statement 1: invalid Action \":Decrypt\"; an action is \"service:ActionName\" (for example \"kms:Encrypt\" or \"kms:*\") or \"*\"")]
    [InlineData("""{"Statement":[{"Effect":"Allow","NotAction":"kms:Encrypt:Now","Resource":"*"}]}""", "Statement 1: invalid NotAction \"kms:Encrypt:Now\"; an action is \"service:ActionName\" (for example \"kms:Encrypt\" or \"kms:*\") or \"*\"")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"kms:En crypt","Resource":"*"}]}""", "Statement 1: invalid Action \"kms:En crypt\"; an action is \"service:ActionName\" (for example \"kms:Encrypt\" or \"kms:*\") or \"*\"")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":5,"Resource":"*"}]}""", "Statement 1: Action must be a string or an array of strings, not a number")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":["kms:Encrypt",5],"Resource":"*"}]}""", "Statement 1: Action must be a string or an array of strings; found a number in the array")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":[],"Resource":"*"}]}""", "Statement 1: Action must not be an empty array")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"kms:*"}]}""", "Statement 1: an identity policy statement must have a Resource or NotResource element")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*","NotResource":"*"}]}""", "Statement 1: a statement cannot have both Resource and NotResource; use exactly one")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"kms:*","Resource":""}]}""", "Statement 1: Resource values must not be empty")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"kms:*","Resource":{"arn":"x"}}]}""", "Statement 1: Resource must be a string or an array of strings, not an object")]
    [InlineData("""{"Statement":[{"Sid":"P","Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"kms:*","Resource":"*"}]}""", "Statement 1 (Sid \"P\"): an identity policy cannot contain Principal; the principal is whoever the policy is attached to")]
    [InlineData("""{"Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"111122223333"},"Action":"kms:*","Resource":"*"}]}""", "Statement 1: an identity policy cannot contain NotPrincipal; the principal is whoever the policy is attached to")]
    public void Parse_MalformedIdentityPolicy_ThrowsWithMessage(string json, string message)
    {
        var error = Assert.Throws<PolicyValidationException>(() => PolicyDocument.Parse(json, PolicyKind.IdentityPolicy));

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]}""", "Statement 1: a key policy statement must have a Principal or NotPrincipal element")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*"},{"Sid":"Two","Effect":"Deny","Action":"kms:*"}]}""", "Statement 2 (Sid \"Two\"): a key policy statement must have a Principal or NotPrincipal element")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":"*","NotPrincipal":{"AWS":"111122223333"},"Action":"kms:*"}]}""", "Statement 1: a statement cannot have both Principal and NotPrincipal")]
    public void Parse_MalformedKeyPolicy_ThrowsWithMessage(string json, string message)
    {
        var error = Assert.Throws<PolicyValidationException>(() => PolicyDocument.Parse(json, PolicyKind.KeyPolicy));

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("\"alice\"")]
    [InlineData("\"**\"")]
    [InlineData("42")]
    [InlineData("[\"*\"]")]
    [InlineData("""{}""")]
    [InlineData("""{"AWS":"alice"}""")]
    [InlineData("""{"AWS":"11112222333"}""")]
    [InlineData("""{"AWS":"1111222233334"}""")]
    [InlineData("""{"AWS":"arn:aws:iam::111122223333:user/*"}""")]
    [InlineData("""{"AWS":"arn:aws:iam::111122223333:group/admins"}""")]
    [InlineData("""{"AWS":"arn:aws:iam::11112222333:root"}""")]
    [InlineData("""{"AWS":"arn:aws:iam:us-east-1:111122223333:root"}""")]
    [InlineData("""{"AWS":"arn:aws:sts::111122223333:assumed-role/Admin"}""")]
    [InlineData("""{"AWS":"arn:aws:kms:us-east-1:111122223333:key/abc"}""")]
    [InlineData("""{"AWS":5}""")]
    [InlineData("""{"AWS":[]}""")]
    [InlineData("""{"AWS":["111122223333",7]}""")]
    [InlineData("""{"CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}""")]
    [InlineData("""{"aws":"111122223333"}""")]
    [InlineData("""{"Service":""}""")]
    public void Parse_InvalidPrincipal_UsesAwsMessage(string principal)
    {
        var json = $$"""{"Statement":[{"Effect":"Allow","Principal":{{principal}},"Action":"kms:*"}]}""";

        var error = Assert.Throws<PolicyValidationException>(() => PolicyDocument.Parse(json, PolicyKind.KeyPolicy));

        Assert.Equal(InvalidPrincipals, error.Message);
    }

    [Theory]
    [InlineData("""{"StringEqual":{"kms:CallerAccount":"111122223333"}}""", "unknown condition operator \"StringEqual\"")]
    [InlineData("""{"ForSomeValues:StringEquals":{"kms:CallerAccount":"111122223333"}}""", "unknown condition operator \"ForSomeValues:StringEquals\"")]
    [InlineData("""{"NullIfExists":{"kms:CallerAccount":"true"}}""", "unknown condition operator \"NullIfExists\"")]
    [InlineData("""{"StringEqualsIfExistsIfExists":{"kms:CallerAccount":"x"}}""", "unknown condition operator \"StringEqualsIfExistsIfExists\"")]
    [InlineData("""{"ForAnyValue:Null":{"kms:CallerAccount":"true"}}""", "condition operator \"ForAnyValue:Null\": Null cannot be used with ForAnyValue or ForAllValues")]
    [InlineData("""["StringEquals"]""", "Condition must be an object of condition operators, not an array")]
    [InlineData("""{"StringEquals":"kms:CallerAccount"}""", "condition operator \"StringEquals\" must map condition keys to values, not a string")]
    [InlineData("""{"StringEquals":{"":"x"}}""", "condition operator \"StringEquals\" has an empty condition key")]
    [InlineData("""{"StringEquals":{"kms:CallerAccount":[]}}""", "condition \"StringEquals\" key \"kms:CallerAccount\": has no values")]
    [InlineData("""{"StringEquals":{"kms:CallerAccount":null}}""", "condition \"StringEquals\" key \"kms:CallerAccount\": values must be strings, numbers or booleans, not null")]
    [InlineData("""{"StringEquals":{"kms:CallerAccount":[{"a":1}]}}""", "condition \"StringEquals\" key \"kms:CallerAccount\": values must be strings, numbers or booleans, not an object")]
    [InlineData("""{"NumericLessThan":{"kms:X":"ten"}}""", "condition \"NumericLessThan\" key \"kms:X\": \"ten\" is not a number")]
    [InlineData("""{"DateLessThan":{"aws:CurrentTime":"yesterday"}}""", "condition \"DateLessThan\" key \"aws:CurrentTime\": \"yesterday\" is not a date (ISO 8601 or epoch seconds)")]
    [InlineData("""{"Bool":{"aws:SecureTransport":"yes"}}""", "condition \"Bool\" key \"aws:SecureTransport\": \"yes\" is not \"true\" or \"false\"")]
    [InlineData("""{"IpAddress":{"aws:SourceIp":"10.0.0.300/8"}}""", "condition \"IpAddress\" key \"aws:SourceIp\": \"10.0.0.300/8\" is not an IP address or CIDR range")]
    [InlineData("""{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/33"}}""", "condition \"NotIpAddress\" key \"aws:SourceIp\": \"10.0.0.0/33\" is not an IP address or CIDR range")]
    [InlineData("""{"BinaryEquals":{"kms:X":"not base64!"}}""", "condition \"BinaryEquals\" key \"kms:X\": \"not base64!\" is not base64")]
    [InlineData("""{"Null":{"kms:X":"maybe"}}""", "condition \"Null\" key \"kms:X\": Null takes \"true\" (key absent) or \"false\" (key present), not \"maybe\"")]
    public void Parse_MalformedCondition_NamesStatementAndProblem(string condition, string problem)
    {
        var json = $$"""
            {"Version":"2012-10-17","Statement":[
              {"Sid":"Admin","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"},
              {"Sid":"AllowUse","Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:Encrypt","Resource":"*","Condition":{{condition}}}]}
            """;

        var error = Assert.Throws<PolicyValidationException>(() => PolicyDocument.Parse(json, PolicyKind.KeyPolicy));

        Assert.Equal($"Statement 2 (Sid \"AllowUse\"): {problem}", error.Message);
    }
}

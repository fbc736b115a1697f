using Keyhold.Policy.Tests.TestSupport;

namespace Keyhold.Policy.Tests;

public sealed class PolicyEvaluatorTests
{
    private const string AllowAccount = """{"Sid":"Account","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}""";

    [Theory]
    [InlineData(Requests.Root, PolicyDecision.Allow, PrincipalMatch.Direct)]
    [InlineData(Requests.Alice, PolicyDecision.Allow, PrincipalMatch.Account)]
    [InlineData("arn:aws:sts::111122223333:assumed-role/Admin/session", PolicyDecision.Allow, PrincipalMatch.Account)]
    [InlineData(Requests.OtherRoot, PolicyDecision.NotApplicable, PrincipalMatch.None)]
    [InlineData(Requests.OtherUser, PolicyDecision.NotApplicable, PrincipalMatch.None)]
    public void DefaultKeyPolicy_Caller_MatchesLikeAws(string caller, PolicyDecision decision, PrincipalMatch match)
    {
        var policy = PolicyDocument.Parse(Policies.DefaultKeyPolicy, PolicyKind.KeyPolicy);

        var result = PolicyEvaluator.Evaluate(policy, Requests.For(caller));

        Assert.Equal(decision, result.Decision);
        Assert.Equal(match, result.Match);
        Assert.Equal(decision == PolicyDecision.Allow ? "Enable IAM User Permissions" : null, result.Sid);
    }

    [Theory]
    [InlineData("before")]
    [InlineData("after")]
    public void ExplicitDeny_AlongsideAllow_Wins(string order)
    {
        const string deny = """{"Sid":"NoDelete","Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"kms:ScheduleKeyDeletion","Resource":"*"}""";
        var policy = Policies.Key(order == "before" ? $"[{deny},{AllowAccount}]" : $"[{AllowAccount},{deny}]");

        var denied = PolicyEvaluator.Evaluate(policy, Requests.For(Requests.Alice, "kms:ScheduleKeyDeletion"));
        var allowed = PolicyEvaluator.Evaluate(policy, Requests.For(Requests.Alice, "kms:Encrypt"));

        Assert.Equal(new PolicyResult(PolicyDecision.Deny, PrincipalMatch.Direct, "NoDelete"), denied);
        Assert.Equal(new PolicyResult(PolicyDecision.Allow, PrincipalMatch.Account, "Account"), allowed);
    }

    [Fact]
    public void ExplicitDeny_AccountPrincipal_DeniesEveryoneInAccount()
    {
        var policy = Policies.Key($$"""[{{AllowAccount}},{"Sid":"D","Effect":"Deny","Principal":{"AWS":"111122223333"},"Action":"kms:Decrypt"}]""");

        Assert.Equal(new PolicyResult(PolicyDecision.Deny, PrincipalMatch.Account, "D"), PolicyEvaluator.Evaluate(policy, Requests.For(Requests.Alice, "kms:Decrypt")));
        Assert.Equal(new PolicyResult(PolicyDecision.Deny, PrincipalMatch.Direct, "D"), PolicyEvaluator.Evaluate(policy, Requests.For(Requests.Root, "kms:Decrypt")));
    }

    [Theory]
    [InlineData("\"*\"", Requests.OtherUser, PrincipalMatch.Direct)]
    [InlineData("""{"AWS":"*"}""", Requests.Alice, PrincipalMatch.Direct)]
    [InlineData("""{"AWS":"111122223333"}""", Requests.Alice, PrincipalMatch.Account)]
    [InlineData("""{"AWS":"111122223333"}""", Requests.Root, PrincipalMatch.Direct)]
    [InlineData("""{"AWS":"111122223333"}""", Requests.OtherRoot, PrincipalMatch.None)]
    [InlineData("""{"AWS":"arn:aws:iam::111122223333:root"}""", Requests.Bob, PrincipalMatch.Account)]
    [InlineData("""{"AWS":"arn:aws:iam::111122223333:user/alice"}""", Requests.Alice, PrincipalMatch.Direct)]
    [InlineData("""{"AWS":"arn:aws:iam::111122223333:user/alice"}""", Requests.Bob, PrincipalMatch.None)]
    [InlineData("""{"AWS":"arn:aws:iam::111122223333:user/alice"}""", Requests.Root, PrincipalMatch.None)]
    [InlineData("""{"AWS":"arn:aws:iam::111122223333:user/team/alice"}""", "arn:aws:iam::111122223333:user/team/alice", PrincipalMatch.Direct)]
    [InlineData("""{"AWS":["arn:aws:iam::111122223333:user/bob","arn:aws:iam::111122223333:user/alice"]}""", Requests.Alice, PrincipalMatch.Direct)]
    [InlineData("""{"AWS":["444455556666","arn:aws:iam::111122223333:user/alice"]}""", Requests.OtherUser, PrincipalMatch.Account)]
    [InlineData("""{"AWS":"arn:aws:iam::111122223333:role/ops/Admin"}""", "arn:aws:iam::111122223333:role/ops/Admin", PrincipalMatch.Direct)]
    [InlineData("""{"AWS":"arn:aws:iam::111122223333:role/ops/Admin"}""", "arn:aws:sts::111122223333:assumed-role/Admin/session-1", PrincipalMatch.Direct)]
    [InlineData("""{"AWS":"arn:aws:iam::111122223333:role/Admin"}""", "arn:aws:sts::111122223333:assumed-role/Reader/session-1", PrincipalMatch.None)]
    [InlineData("""{"AWS":"arn:aws:iam::111122223333:role/Admin"}""", "arn:aws:sts::444455556666:assumed-role/Admin/session-1", PrincipalMatch.None)]
    [InlineData("""{"AWS":"arn:aws:sts::111122223333:assumed-role/Admin/session-1"}""", "arn:aws:sts::111122223333:assumed-role/Admin/session-1", PrincipalMatch.Direct)]
    [InlineData("""{"AWS":"arn:aws:sts::111122223333:assumed-role/Admin/session-1"}""", "arn:aws:sts::111122223333:assumed-role/Admin/session-2", PrincipalMatch.None)]
    [InlineData("""{"Service":"logs.amazonaws.com"}""", Requests.Root, PrincipalMatch.None)]
    [InlineData("""{"Federated":"cognito-identity.amazonaws.com"}""", Requests.Alice, PrincipalMatch.None)]
    public void Principal_Caller_GivesAccountOrDirectMatch(string principal, string caller, PrincipalMatch expected)
    {
        var policy = Policies.Key($$"""{"Effect":"Allow","Principal":{{principal}},"Action":"kms:Encrypt","Resource":"*"}""");

        var result = PolicyEvaluator.Evaluate(policy, Requests.For(caller));

        Assert.Equal(expected, result.Match);
        Assert.Equal(expected == PrincipalMatch.None ? PolicyDecision.NotApplicable : PolicyDecision.Allow, result.Decision);
    }

    [Theory]
    [InlineData("account-first")]
    [InlineData("direct-first")]
    public void Allow_AccountAndDirectStatements_ReportsStrongestMatch(string order)
    {
        const string direct = """{"Sid":"Alice","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"kms:Encrypt"}""";
        var policy = Policies.Key(order == "account-first" ? $"[{AllowAccount},{direct}]" : $"[{direct},{AllowAccount}]");

        var result = PolicyEvaluator.Evaluate(policy, Requests.For(Requests.Alice));

        Assert.Equal(new PolicyResult(PolicyDecision.Allow, PrincipalMatch.Direct, "Alice"), result);
    }

    [Theory]
    [InlineData(Requests.Alice, PolicyDecision.NotApplicable)]
    [InlineData(Requests.Bob, PolicyDecision.Deny)]
    [InlineData(Requests.OtherUser, PolicyDecision.Deny)]
    public void NotPrincipal_Deny_AppliesToEveryoneNotListed(string caller, PolicyDecision expected)
    {
        var policy = Policies.Key("""{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"kms:*"}""");

        Assert.Equal(expected, PolicyEvaluator.Evaluate(policy, Requests.For(caller)).Decision);
    }

    [Theory]
    [InlineData(Requests.Alice, PolicyDecision.NotApplicable)]
    [InlineData(Requests.Root, PolicyDecision.NotApplicable)]
    [InlineData(Requests.OtherUser, PolicyDecision.Deny)]
    public void NotPrincipal_ListedAccountRoot_CoversUsersOfThatAccount(string caller, PolicyDecision expected)
    {
        var policy = Policies.Key("""{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*"}""");

        Assert.Equal(expected, PolicyEvaluator.Evaluate(policy, Requests.For(caller)).Decision);
    }

    [Fact]
    public void NotPrincipal_Allow_IsDirectForOthers()
    {
        var policy = Policies.Key("""{"Effect":"Allow","NotPrincipal":{"AWS":"444455556666"},"Action":"kms:Encrypt"}""");

        Assert.Equal(new PolicyResult(PolicyDecision.Allow, PrincipalMatch.Direct, null), PolicyEvaluator.Evaluate(policy, Requests.For(Requests.Alice)));
        Assert.Equal(PolicyDecision.NotApplicable, PolicyEvaluator.Evaluate(policy, Requests.For(Requests.OtherUser)).Decision);
    }

    [Theory]
    [InlineData("kms:*", "kms:Encrypt", true)]
    [InlineData("*", "kms:Encrypt", true)]
    [InlineData("kms:Encrypt", "kms:Encrypt", true)]
    [InlineData("KMS:encrypt", "kms:Encrypt", true)]
    [InlineData("kms:Encrypt", "kms:Decrypt", false)]
    [InlineData("kms:Create*", "kms:CreateGrant", true)]
    [InlineData("kms:Create*", "kms:Encrypt", false)]
    [InlineData("kms:*Encrypt*", "kms:ReEncryptFrom", true)]
    [InlineData("kms:Get?eyPolicy", "kms:GetKeyPolicy", true)]
    [InlineData("kms:Get?eyPolicy", "kms:GetKeyRotationStatus", false)]
    [InlineData("s3:*", "kms:Encrypt", false)]
    [InlineData("kms:Encrypt", "kms:EncryptX", false)]
    public void Action_Pattern_MatchesCaseInsensitivelyWithWildcards(string pattern, string action, bool matches)
    {
        var policy = Policies.Identity($$"""{"Effect":"Allow","Action":"{{pattern}}","Resource":"*"}""");

        Assert.Equal(matches ? PolicyDecision.Allow : PolicyDecision.NotApplicable, PolicyEvaluator.Evaluate(policy, Requests.For(Requests.Alice, action)).Decision);
    }

    [Theory]
    [InlineData("kms:Encrypt", PolicyDecision.Allow)]
    [InlineData("kms:ScheduleKeyDeletion", PolicyDecision.NotApplicable)]
    [InlineData("kms:DisableKey", PolicyDecision.NotApplicable)]
    public void NotAction_ListedActions_AreExcluded(string action, PolicyDecision expected)
    {
        var policy = Policies.Key("""{"Effect":"Allow","Principal":{"AWS":"111122223333"},"NotAction":["kms:ScheduleKeyDeletion","kms:Disable*"]}""");

        Assert.Equal(expected, PolicyEvaluator.Evaluate(policy, Requests.For(Requests.Alice, action)).Decision);
    }

    [Theory]
    [InlineData("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", Requests.KeyArn, true)]
    [InlineData("arn:aws:kms:us-east-1:111122223333:key/other", Requests.KeyArn, false)]
    [InlineData("arn:aws:kms:*:111122223333:key/*", Requests.KeyArn, true)]
    [InlineData("arn:aws:kms:us-east-?:111122223333:key/*", Requests.KeyArn, true)]
    [InlineData("arn:aws:kms:*:444455556666:key/*", Requests.KeyArn, false)]
    [InlineData("arn:aws:kms:us-east-1:111122223333:key/1234ABCD-12ab-34cd-56ef-1234567890ab", Requests.KeyArn, false)]
    [InlineData("*", Requests.KeyArn, true)]
    [InlineData("*", "*", true)]
    [InlineData("arn:aws:kms:*:111122223333:key/*", "*", false)]
    public void Resource_Pattern_MatchesCaseSensitivelyWithWildcards(string pattern, string resource, bool matches)
    {
        var policy = Policies.Identity($$"""{"Effect":"Allow","Action":"kms:*","Resource":"{{pattern}}"}""");

        Assert.Equal(matches ? PolicyDecision.Allow : PolicyDecision.NotApplicable, PolicyEvaluator.Evaluate(policy, Requests.For(Requests.Alice, resource: resource)).Decision);
    }

    [Theory]
    [InlineData(Requests.KeyArn, PolicyDecision.NotApplicable)]
    [InlineData("arn:aws:kms:us-east-1:111122223333:key/other", PolicyDecision.Allow)]
    public void NotResource_ListedKey_IsExcluded(string resource, PolicyDecision expected)
    {
        var policy = Policies.Identity($$"""{"Effect":"Allow","Action":"kms:*","NotResource":"{{Requests.KeyArn}}"}""");

        Assert.Equal(expected, PolicyEvaluator.Evaluate(policy, Requests.For(Requests.Alice, resource: resource)).Decision);
    }

    [Fact]
    public void KeyPolicy_NoResource_MatchesTheKey()
    {
        var policy = Policies.Key("""{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"kms:Encrypt"}""");

        Assert.Equal(PolicyDecision.Allow, PolicyEvaluator.Evaluate(policy, Requests.For(Requests.Alice)).Decision);
    }

    [Fact]
    public void IdentityPolicy_Allow_IsDirect()
    {
        var policy = Policies.Identity("""{"Sid":"Use","Effect":"Allow","Action":["kms:Encrypt","kms:Decrypt"],"Resource":"*"}""");

        Assert.Equal(new PolicyResult(PolicyDecision.Allow, PrincipalMatch.Direct, "Use"), PolicyEvaluator.Evaluate(policy, Requests.For(Requests.Alice)));
        Assert.Equal(PolicyDecision.NotApplicable, PolicyEvaluator.Evaluate(policy, Requests.For(Requests.Alice, "kms:Sign")).Decision);
    }

    [Fact]
    public void IdentityPolicy_Deny_WinsOverAllow()
    {
        var policy = Policies.Identity("""[{"Effect":"Allow","Action":"kms:*","Resource":"*"},{"Sid":"NoDelete","Effect":"Deny","Action":"kms:ScheduleKeyDeletion","Resource":"*"}]""");

        Assert.Equal(new PolicyResult(PolicyDecision.Deny, PrincipalMatch.Direct, "NoDelete"), PolicyEvaluator.Evaluate(policy, Requests.For(Requests.Alice, "kms:ScheduleKeyDeletion")));
    }

    [Theory]
    [InlineData(Requests.OtherUser, "kms:CallerAccount=444455556666;kms:ViaService=s3.us-east-1.amazonaws.com", PolicyDecision.Allow)]
    [InlineData(Requests.OtherUser, "kms:CallerAccount=444455556666;kms:ViaService=ec2.us-east-1.amazonaws.com", PolicyDecision.NotApplicable)]
    [InlineData(Requests.Alice, "kms:CallerAccount=111122223333;kms:ViaService=s3.us-east-1.amazonaws.com", PolicyDecision.NotApplicable)]
    public void Conditions_PrincipalStarWithCallerAccount_GateTheStatement(string caller, string context, PolicyDecision expected)
    {
        var policy = Policies.Key("""
            {"Effect":"Allow","Principal":{"AWS":"*"},"Action":["kms:Encrypt","kms:Decrypt"],"Resource":"*",
             "Condition":{"StringEquals":{"kms:CallerAccount":"444455556666","kms:ViaService":"s3.us-east-1.amazonaws.com"}}}
            """);

        Assert.Equal(expected, PolicyEvaluator.Evaluate(policy, Requests.For(caller, conditions: Requests.Context(context))).Decision);
    }

    [Fact]
    public void Conditions_DenyUnlessEncryptionContext_DeniesMissingContext()
    {
        var policy = Policies.Key("[" + AllowAccount + "," + """
             {"Sid":"RequireDepartment","Effect":"Deny","Principal":"*","Action":"kms:Decrypt","Resource":"*",
              "Condition":{"Null":{"kms:EncryptionContext:Department":"true"}}}]
            """);

        var without = PolicyEvaluator.Evaluate(policy, Requests.For(Requests.Root, "kms:Decrypt"));
        var with = PolicyEvaluator.Evaluate(policy, Requests.For(Requests.Root, "kms:Decrypt", conditions: Requests.Context("kms:EncryptionContext:Department=Finance")));

        Assert.Equal(new PolicyResult(PolicyDecision.Deny, PrincipalMatch.Direct, "RequireDepartment"), without);
        Assert.Equal(new PolicyResult(PolicyDecision.Allow, PrincipalMatch.Direct, "Account"), with);
    }

    [Fact]
    public void Evaluate_CompiledPolicy_DoesNotAllocate()
    {
        var policy = Policies.Key("[" + AllowAccount + "," + """
             {"Sid":"Use","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:user/bob","arn:aws:iam::111122223333:role/ops/Admin"]},
              "Action":["kms:Encrypt","kms:Decrypt","kms:ReEncrypt*","kms:GenerateDataKey*"],"Resource":"arn:aws:kms:*:111122223333:key/*",
              "Condition":{"StringEquals":{"kms:EncryptionContext:Owner":"${aws:username}"},"ForAllValues:StringLike":{"kms:EncryptionContextKeys":["Owner","Dep*"]},
                           "DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"},"NumericLessThan":{"kms:X":"10"},"Bool":{"aws:SecureTransport":"true"}}},
             {"Sid":"NoDelete","Effect":"Deny","Principal":"*","Action":"kms:ScheduleKeyDeletion","Condition":{"StringNotEquals":{"kms:CallerAccount":"111122223333"}}}]
            """);
        var conditions = Requests.Context("aws:username=bob;kms:EncryptionContext:Owner=bob;kms:EncryptionContextKeys=Owner|Department;aws:CurrentTime=2025-06-01T00:00:00Z;kms:X=3;aws:SecureTransport=true;kms:CallerAccount=111122223333");
        var request = Requests.For(Requests.Bob, "kms:GenerateDataKeyWithoutPlaintext", conditions: conditions);
        Assert.Equal(new PolicyResult(PolicyDecision.Allow, PrincipalMatch.Direct, "Use"), PolicyEvaluator.Evaluate(policy, request));

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            PolicyEvaluator.Evaluate(policy, request);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}

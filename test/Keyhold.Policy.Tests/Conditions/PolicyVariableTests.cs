using Keyhold.Policy.Tests.TestSupport;

namespace Keyhold.Policy.Tests.Conditions;

public sealed class PolicyVariableTests
{
    [Theory]
    [InlineData("""{"StringEquals":{"kms:EncryptionContext:Owner":"${aws:username}"}}""", "aws:username=alice;kms:EncryptionContext:Owner=alice", true)]
    [InlineData("""{"StringEquals":{"kms:EncryptionContext:Owner":"${aws:username}"}}""", "aws:username=alice;kms:EncryptionContext:Owner=bob", false)]
    [InlineData("""{"StringEquals":{"kms:EncryptionContext:Owner":"${aws:username}"}}""", "kms:EncryptionContext:Owner=alice", false)]
    [InlineData("""{"StringEquals":{"kms:EncryptionContext:Owner":"${AWS:UserName}"}}""", "aws:username=alice;kms:EncryptionContext:Owner=alice", true)]
    [InlineData("""{"StringEquals":{"kms:EncryptionContext:Owner":"${aws:username}"}}""", "aws:username=alice|bob;kms:EncryptionContext:Owner=alice", false)]
    [InlineData("""{"StringEquals":{"kms:EncryptionContext:Owner":"${aws:username, 'nobody'}"}}""", "kms:EncryptionContext:Owner=nobody", true)]
    [InlineData("""{"StringEquals":{"kms:EncryptionContext:Owner":"${aws:username, 'nobody'}"}}""", "aws:username=alice;kms:EncryptionContext:Owner=alice", true)]
    [InlineData("""{"StringEquals":{"kms:CallerAccount":"${aws:PrincipalAccount}"}}""", "aws:PrincipalAccount=111122223333;kms:CallerAccount=111122223333", true)]
    [InlineData("""{"StringLike":{"kms:EncryptionContext:Path":"home/${aws:username}/*"}}""", "aws:username=alice;kms:EncryptionContext:Path=home/alice/docs", true)]
    [InlineData("""{"StringLike":{"kms:EncryptionContext:Path":"home/${aws:username}/*"}}""", "aws:username=alice;kms:EncryptionContext:Path=home/bob/docs", false)]
    [InlineData("""{"StringEqualsIgnoreCase":{"kms:EncryptionContext:Owner":"${aws:username}"}}""", "aws:username=Alice;kms:EncryptionContext:Owner=ALICE", true)]
    [InlineData("""{"ArnLike":{"aws:SourceArn":"arn:aws:kms:*:${aws:PrincipalAccount}:key/*"}}""", "aws:PrincipalAccount=111122223333;aws:SourceArn=arn:aws:kms:us-east-1:111122223333:key/k", true)]
    [InlineData("""{"ArnLike":{"aws:SourceArn":"arn:aws:kms:*:${aws:PrincipalAccount}:key/*"}}""", "aws:PrincipalAccount=444455556666;aws:SourceArn=arn:aws:kms:us-east-1:111122223333:key/k", false)]
    [InlineData("""{"Bool":{"kms:X":"${kms:Y}"}}""", "kms:Y=true;kms:X=true", true)]
    // ${*}, ${?} and ${$} stand for the literal characters, even in StringLike.
    [InlineData("""{"StringLike":{"kms:EncryptionContext:Tag":"a${*}"}}""", "kms:EncryptionContext:Tag=a*", true)]
    [InlineData("""{"StringLike":{"kms:EncryptionContext:Tag":"a${*}"}}""", "kms:EncryptionContext:Tag=abc", false)]
    [InlineData("""{"StringLike":{"kms:EncryptionContext:Tag":"a${?}"}}""", "kms:EncryptionContext:Tag=a?", true)]
    [InlineData("""{"StringLike":{"kms:EncryptionContext:Tag":"a${?}"}}""", "kms:EncryptionContext:Tag=ab", false)]
    [InlineData("""{"StringEquals":{"kms:EncryptionContext:Tag":"${$}{x}"}}""", "kms:EncryptionContext:Tag=${x}", true)]
    // An unresolved variable makes that value not match, so a negated operator passes.
    [InlineData("""{"StringNotEquals":{"kms:EncryptionContext:Owner":"${aws:username}"}}""", "kms:EncryptionContext:Owner=alice", true)]
    // Not well formed: stays literal.
    [InlineData("""{"StringEquals":{"kms:EncryptionContext:Tag":"${unclosed"}}""", "kms:EncryptionContext:Tag=${unclosed", true)]
    public void Variable_InConditionValue_SubstitutedFromRequest(string condition, string context, bool holds)
    {
        var result = PolicyEvaluator.Evaluate(Policies.AllowWhen(condition), Requests.For(Requests.Alice, conditions: Requests.Context(context)));

        Assert.Equal(holds ? PolicyDecision.Allow : PolicyDecision.NotApplicable, result.Decision);
    }

    [Fact]
    public void Variable_LegacyVersion_IsLiteralText()
    {
        var policy = Policies.AllowWhen("""{"StringEquals":{"kms:EncryptionContext:Owner":"${aws:username}"}}""", "2008-10-17");

        var literal = Requests.Context("aws:username=alice;kms:EncryptionContext:Owner=${aws:username}");
        var substituted = Requests.Context("aws:username=alice;kms:EncryptionContext:Owner=alice");

        Assert.Equal(PolicyDecision.Allow, PolicyEvaluator.Evaluate(policy, Requests.For(Requests.Alice, conditions: literal)).Decision);
        Assert.Equal(PolicyDecision.NotApplicable, PolicyEvaluator.Evaluate(policy, Requests.For(Requests.Alice, conditions: substituted)).Decision);
    }

    [Fact]
    public void Variable_NoVersion_IsLiteralText()
    {
        var policy = PolicyDocument.Parse(
            """{"Statement":{"Effect":"Allow","Action":"kms:*","Resource":"*","Condition":{"StringEquals":{"kms:EncryptionContext:Owner":"${aws:username}"}}}}""",
            PolicyKind.IdentityPolicy);

        var context = Requests.Context("aws:username=alice;kms:EncryptionContext:Owner=alice");

        Assert.Null(policy.Version);
        Assert.Equal(PolicyDecision.NotApplicable, PolicyEvaluator.Evaluate(policy, Requests.For(Requests.Alice, conditions: context)).Decision);
    }

    [Theory]
    [InlineData("keyid=1234abcd-12ab-34cd-56ef-1234567890ab", PolicyDecision.Allow)]
    [InlineData("keyid=other", PolicyDecision.NotApplicable)]
    [InlineData("", PolicyDecision.NotApplicable)]
    public void Variable_InResource_SubstitutedFromRequest(string context, PolicyDecision expected)
    {
        var policy = Policies.Identity("""{"Effect":"Allow","Action":"kms:Encrypt","Resource":"arn:aws:kms:*:${aws:PrincipalAccount}:key/${keyhold:KeyId}"}""");
        var conditions = Requests.Context("aws:PrincipalAccount=111122223333;" + context.Replace("keyid", "keyhold:KeyId", StringComparison.Ordinal));

        var result = PolicyEvaluator.Evaluate(policy, Requests.For(Requests.Alice, conditions: conditions));

        Assert.Equal(expected, result.Decision);
    }
}

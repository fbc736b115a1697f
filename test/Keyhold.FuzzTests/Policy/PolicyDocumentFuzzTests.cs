using FsCheck;
using FsCheck.Fluent;
using Keyhold.FuzzTests.Infrastructure;
using Keyhold.Policy;

namespace Keyhold.FuzzTests.Policy;

/// <summary>
/// Key and identity policies through <see cref="PolicyDocument.Parse"/> (valid or <see cref="PolicyValidationException"/>)
/// and, where they parse, <see cref="PolicyEvaluator.Evaluate"/> against generated requests (a decision, never an exception).
/// </summary>
public sealed class PolicyDocumentFuzzTests
{
    private const string CorpusName = "policies";

    private static readonly Gen<string> Principal = Gen.Elements(
        "\"*\"", "{\"AWS\":\"*\"}", "{\"AWS\":\"arn:aws:iam::111122223333:root\"}", "{\"AWS\":[\"111122223333\",\"arn:aws:iam::111122223333:role/r*\"]}",
        "{\"Service\":\"logs.amazonaws.com\"}", "{\"AWS\":[]}", "{\"Federated\":\"x\"}", "\"arn:aws:iam::111122223333:root\"");

    private static readonly Gen<string> Action = Gen.OneOf(
        Gen.Elements("\"kms:*\"", "\"kms:Encrypt\"", "[\"kms:Enc*\",\"kms:Decrypt\"]", "\"*\"", "\"kms:?ncrypt\"", "[]", "\"kms:\"", "\"iam:PassRole\""),
        Gen.Choose(1, 60).Select(n => "\"kms:" + string.Concat(Enumerable.Repeat("*a", n)) + "*b\""));

    private static readonly Gen<string> ConditionValue = Gen.OneOf(
        Gen.Elements("\"b\"", "[\"a\",\"b\"]", "\"${aws:username}\"", "\"${kms:CallerAccount}-*\"", "\"${\"", "\"${*}\"", "\"${?}\"", "\"${$}\"",
            "\"10.0.0.0/8\"", "\"::1/128\"", "\"10.0.0.0/99\"", "\"2026-12-04T09:00:00Z\"", "\"1e400\"", "\"-5\"", "\"true\"", "[]", "1", "null", "{}"),
        Gen.Choose(1, 60).Select(n => "\"" + string.Concat(Enumerable.Repeat("*a", n)) + "*b\""));

    private static readonly Gen<string> Condition =
        from op in Gen.Elements(
            "StringEquals", "StringLike", "StringNotLike", "StringEqualsIgnoreCase", "NumericLessThan", "NumericEquals", "DateGreaterThan",
            "Bool", "IpAddress", "NotIpAddress", "ArnLike", "Null", "ForAnyValue:StringEquals", "ForAllValues:StringLike", "StringEqualsIfExists", "BinaryEquals", "Bogus")
        from key in Gen.Elements("kms:EncryptionContext:a", "aws:PrincipalArn", "kms:CallerAccount", "aws:SourceIp", "aws:CurrentTime", "kms:GrantIsForAWSResource", "aws:username", "kms:EncryptionContextKeys", "", "x")
        from value in ConditionValue
        select $"{{\"{op}\":{{\"{key}\":{value}}}}}";

    private static readonly Gen<string> Statement =
        from effect in Gen.Elements("\"Allow\"", "\"Deny\"", "\"allow\"", "1")
        from principal in Principal
        from notPrincipal in Gen.Elements(false, false, false, true)
        from action in Action
        from notAction in Gen.Elements(false, false, true)
        from resource in Gen.Elements("\"*\"", "\"arn:aws:kms:*\"", "[\"*\"]", "\"\"")
        from condition in Gen.OneOf(Gen.Constant(string.Empty), Condition.Select(c => ",\"Condition\":" + c))
        select $"{{\"Sid\":\"s\",\"Effect\":{effect},\"{(notPrincipal ? "NotPrincipal" : "Principal")}\":{principal}," +
            $"\"{(notAction ? "NotAction" : "Action")}\":{action},\"Resource\":{resource}{condition}}}";

    private static readonly Gen<string> Document =
        from version in Gen.Elements("\"2012-10-17\"", "\"2008-10-17\"", "\"2099-01-01\"")
        from count in Gen.Choose(0, 6)
        from statements in Gen.ArrayOf(Statement, count)
        from single in Gen.Elements(false, false, true)
        select $"{{\"Version\":{version},\"Statement\":{(single && count == 1 ? statements[0] : "[" + string.Join(',', statements) + "]")}}}";

    private static readonly Gen<AuthorizationRequest> Requests =
        from action in Gen.Elements("kms:Encrypt", "kms:Decrypt", "kms:CreateGrant", "KMS:ENCRYPT", "", "kms:" + new string('a', 200))
        from principal in Gen.Elements("arn:aws:iam::111122223333:root", "arn:aws:iam::111122223333:user/alice", "arn:aws:sts::111122223333:assumed-role/r/s", "", "not an arn")
        from value in Gen.Elements("b", "", "10.1.2.3", "::1", "not-ip", "2026-12-04T09:00:00Z", "12", "true", new string('a', 300), "${aws:username}")
        from key in Gen.Elements("kms:EncryptionContext:a", "aws:SourceIp", "aws:CurrentTime", "aws:username", "kms:CallerAccount", "kms:EncryptionContextKeys")
        select new AuthorizationRequest
        {
            Action = action,
            Resource = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            PrincipalArn = principal,
            PrincipalAccount = "111122223333",
            Conditions = new ConditionValues().Add(key, value).Add("aws:PrincipalArn", principal),
        };

    private static readonly Gen<(string Json, PolicyKind Kind, AuthorizationRequest Request)> Inputs =
        from document in Gen.Frequency((2, Document), (3, Document.SelectMany(Mutations.Mutate)), (1, Mutations.RandomBytes(512).Select(b => System.Text.Encoding.UTF8.GetString(b))))
        from kind in Gen.Elements(PolicyKind.KeyPolicy, PolicyKind.IdentityPolicy)
        from request in Requests
        select (document, kind, request);

    [Fact]
    public void ParseAndEvaluate_GeneratedPolicies_ThrowOnlyPolicyValidationException() =>
        FuzzRunner.Run(Inputs, ParseAndEvaluate, IsDocumented, input => $"{input.Kind} {System.Text.Json.JsonSerializer.Serialize(input.Json)} action={input.Request.Action} principal={input.Request.PrincipalArn}");

    public static TheoryData<string> CorpusFiles => Corpus.Files(CorpusName);

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void ParseAndEvaluate_CorpusPolicy_ThrowsOnlyPolicyValidationException(string file)
    {
        var json = System.Text.Encoding.UTF8.GetString(Corpus.Read(CorpusName, file));
        var requests = Requests.Sample(50, new Rnd(FuzzRunner.Seed), 10);
        FuzzRunner.RunInputs(
            [.. requests.Select(r => (json, PolicyKind.KeyPolicy, r))],
            ParseAndEvaluate,
            IsDocumented,
            input => $"{file} action={input.Item3.Action}");
    }

    private static void ParseAndEvaluate((string Json, PolicyKind Kind, AuthorizationRequest Request) input)
    {
        var policy = PolicyDocument.Parse(input.Json, input.Kind);
        var result = PolicyEvaluator.Evaluate(policy, input.Request);
        Assert.True(Enum.IsDefined(result.Decision));
    }

    private static bool IsDocumented(Exception e) => e is PolicyValidationException;
}

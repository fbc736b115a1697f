using Keyhold.Policy.Tests.TestSupport;

namespace Keyhold.Policy.Tests.Conditions;

/// <summary>
/// The condition table: each row is one Condition element, a request context (<c>key=v1|v2;key2=v</c>, see
/// <see cref="Requests.Context"/>) and whether the condition holds.
/// </summary>
public sealed class ConditionOperatorTests
{
    [Theory]
    // StringEquals: exact and case-sensitive; several policy values are ORed; no wildcards.
    [InlineData("""{"StringEquals":{"kms:CallerAccount":"111122223333"}}""", "kms:CallerAccount=111122223333", true)]
    [InlineData("""{"StringEquals":{"kms:CallerAccount":"111122223333"}}""", "kms:CallerAccount=444455556666", false)]
    [InlineData("""{"StringEquals":{"kms:CallerAccount":"111122223333"}}""", "", false)]
    [InlineData("""{"StringEquals":{"kms:CallerAccount":["444455556666","111122223333"]}}""", "kms:CallerAccount=111122223333", true)]
    [InlineData("""{"StringEquals":{"kms:EncryptionContext:Department":"Finance"}}""", "kms:EncryptionContext:Department=Finance", true)]
    [InlineData("""{"StringEquals":{"kms:EncryptionContext:Department":"Finance"}}""", "kms:EncryptionContext:Department=finance", false)]
    [InlineData("""{"StringEquals":{"kms:encryptioncontext:department":"Finance"}}""", "kms:EncryptionContext:Department=Finance", true)]
    [InlineData("""{"StringEquals":{"kms:EncryptionContext:Department":"Fin*"}}""", "kms:EncryptionContext:Department=Finance", false)]
    [InlineData("""{"StringEquals":{"kms:EncryptionContext:Department":"Fin*"}}""", "kms:EncryptionContext:Department=Fin*", true)]
    [InlineData("""{"StringEquals":{"kms:EncryptionContext:Department":""}}""", "kms:EncryptionContext:Department=", false)]
    // StringNotEquals: NOR over the policy values; a missing key passes.
    [InlineData("""{"StringNotEquals":{"kms:EncryptionContext:Department":"Finance"}}""", "kms:EncryptionContext:Department=HR", true)]
    [InlineData("""{"StringNotEquals":{"kms:EncryptionContext:Department":"Finance"}}""", "kms:EncryptionContext:Department=Finance", false)]
    [InlineData("""{"StringNotEquals":{"kms:EncryptionContext:Department":"Finance"}}""", "", true)]
    [InlineData("""{"StringNotEquals":{"kms:EncryptionContext:Department":["Finance","HR"]}}""", "kms:EncryptionContext:Department=HR", false)]
    [InlineData("""{"StringNotEquals":{"kms:EncryptionContext:Department":["Finance","HR"]}}""", "kms:EncryptionContext:Department=Legal", true)]
    // StringEqualsIgnoreCase / StringNotEqualsIgnoreCase.
    [InlineData("""{"StringEqualsIgnoreCase":{"kms:EncryptionContext:Department":"Finance"}}""", "kms:EncryptionContext:Department=FINANCE", true)]
    [InlineData("""{"StringEqualsIgnoreCase":{"kms:EncryptionContext:Department":"Finance"}}""", "kms:EncryptionContext:Department=HR", false)]
    [InlineData("""{"StringEqualsIgnoreCase":{"kms:EncryptionContext:Department":"Finance"}}""", "", false)]
    [InlineData("""{"StringNotEqualsIgnoreCase":{"kms:EncryptionContext:Department":"Finance"}}""", "kms:EncryptionContext:Department=finance", false)]
    [InlineData("""{"StringNotEqualsIgnoreCase":{"kms:EncryptionContext:Department":"Finance"}}""", "kms:EncryptionContext:Department=HR", true)]
    [InlineData("""{"StringNotEqualsIgnoreCase":{"kms:EncryptionContext:Department":"Finance"}}""", "", true)]
    // StringLike / StringNotLike: * and ?, case-sensitive.
    [InlineData("""{"StringLike":{"kms:EncryptionContext:Department":"Fin*"}}""", "kms:EncryptionContext:Department=Finance", true)]
    [InlineData("""{"StringLike":{"kms:EncryptionContext:Department":"F?nance"}}""", "kms:EncryptionContext:Department=Finance", true)]
    [InlineData("""{"StringLike":{"kms:EncryptionContext:Department":"Fin*"}}""", "kms:EncryptionContext:Department=finance", false)]
    [InlineData("""{"StringLike":{"kms:EncryptionContext:Department":"*a*e*"}}""", "kms:EncryptionContext:Department=Finance", true)]
    [InlineData("""{"StringLike":{"kms:EncryptionContext:Department":"Fin*"}}""", "", false)]
    [InlineData("""{"StringNotLike":{"kms:EncryptionContext:Department":"Fin*"}}""", "kms:EncryptionContext:Department=Finance", false)]
    [InlineData("""{"StringNotLike":{"kms:EncryptionContext:Department":"Fin*"}}""", "kms:EncryptionContext:Department=HR", true)]
    [InlineData("""{"StringNotLike":{"kms:EncryptionContext:Department":"Fin*"}}""", "", true)]
    // Numeric operators; JSON numbers and strings both work; a non-numeric request value never matches.
    [InlineData("""{"NumericEquals":{"kms:X":"10"}}""", "kms:X=10", true)]
    [InlineData("""{"NumericEquals":{"kms:X":10}}""", "kms:X=10.0", true)]
    [InlineData("""{"NumericEquals":{"kms:X":"10"}}""", "kms:X=11", false)]
    [InlineData("""{"NumericEquals":{"kms:X":"10"}}""", "kms:X=ten", false)]
    [InlineData("""{"NumericEquals":{"kms:X":"10"}}""", "", false)]
    [InlineData("""{"NumericNotEquals":{"kms:X":"10"}}""", "kms:X=11", true)]
    [InlineData("""{"NumericNotEquals":{"kms:X":"10"}}""", "kms:X=10", false)]
    [InlineData("""{"NumericNotEquals":{"kms:X":"10"}}""", "", true)]
    [InlineData("""{"NumericLessThan":{"kms:X":10}}""", "kms:X=9", true)]
    [InlineData("""{"NumericLessThan":{"kms:X":10}}""", "kms:X=10", false)]
    [InlineData("""{"NumericLessThan":{"kms:X":10}}""", "", false)]
    [InlineData("""{"NumericLessThanEquals":{"kms:X":"10"}}""", "kms:X=10", true)]
    [InlineData("""{"NumericLessThanEquals":{"kms:X":"10"}}""", "kms:X=11", false)]
    [InlineData("""{"NumericGreaterThan":{"kms:X":"10"}}""", "kms:X=10.5", true)]
    [InlineData("""{"NumericGreaterThan":{"kms:X":"10"}}""", "kms:X=10", false)]
    [InlineData("""{"NumericGreaterThanEquals":{"kms:X":"10"}}""", "kms:X=10", true)]
    [InlineData("""{"NumericGreaterThanEquals":{"kms:X":"10"}}""", "kms:X=-3", false)]
    [InlineData("""{"NumericGreaterThanEquals":{"kms:X":"10"}}""", "", false)]
    // Date operators against aws:CurrentTime: ISO 8601 with Z or an offset, or epoch seconds.
    [InlineData("""{"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}""", "aws:CurrentTime=2025-06-01T12:00:00Z", true)]
    [InlineData("""{"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}""", "aws:CurrentTime=2031-01-01T00:00:00Z", false)]
    [InlineData("""{"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}""", "", false)]
    [InlineData("""{"DateLessThanEquals":{"aws:CurrentTime":"2025-01-01T00:00:00Z"}}""", "aws:CurrentTime=2025-01-01T00:00:00Z", true)]
    [InlineData("""{"DateLessThanEquals":{"aws:CurrentTime":"2025-01-01T00:00:00Z"}}""", "aws:CurrentTime=2025-01-01T00:00:01Z", false)]
    [InlineData("""{"DateGreaterThan":{"aws:CurrentTime":"2020-01-01"}}""", "aws:CurrentTime=2025-06-01T12:00:00Z", true)]
    [InlineData("""{"DateGreaterThan":{"aws:CurrentTime":"2020-01-01"}}""", "aws:CurrentTime=2019-12-31T23:59:59Z", false)]
    [InlineData("""{"DateGreaterThanEquals":{"aws:CurrentTime":"2025-01-01T00:00:00Z"}}""", "aws:CurrentTime=1735689600", true)]
    [InlineData("""{"DateGreaterThanEquals":{"aws:CurrentTime":"2025-01-01T00:00:00Z"}}""", "aws:CurrentTime=1735689599", false)]
    [InlineData("""{"DateEquals":{"aws:CurrentTime":"1735689600"}}""", "aws:CurrentTime=2025-01-01T00:00:00Z", true)]
    [InlineData("""{"DateEquals":{"aws:CurrentTime":1735689600}}""", "aws:CurrentTime=2025-01-01T01:00:00+01:00", true)]
    [InlineData("""{"DateEquals":{"aws:CurrentTime":"2025-01-01T00:00:00Z"}}""", "aws:CurrentTime=not-a-date", false)]
    [InlineData("""{"DateNotEquals":{"aws:CurrentTime":"2025-01-01T00:00:00Z"}}""", "aws:CurrentTime=2025-01-01T00:00:00Z", false)]
    [InlineData("""{"DateNotEquals":{"aws:CurrentTime":"2025-01-01T00:00:00Z"}}""", "aws:CurrentTime=2025-01-02T00:00:00Z", true)]
    [InlineData("""{"DateNotEquals":{"aws:CurrentTime":"2025-01-01T00:00:00Z"}}""", "", true)]
    // Bool: "true"/"false", JSON booleans too, case-insensitive.
    [InlineData("""{"Bool":{"aws:SecureTransport":"true"}}""", "aws:SecureTransport=true", true)]
    [InlineData("""{"Bool":{"aws:SecureTransport":true}}""", "aws:SecureTransport=TRUE", true)]
    [InlineData("""{"Bool":{"aws:SecureTransport":"true"}}""", "aws:SecureTransport=false", false)]
    [InlineData("""{"Bool":{"aws:SecureTransport":"true"}}""", "", false)]
    [InlineData("""{"Bool":{"kms:GrantIsForAWSResource":false}}""", "kms:GrantIsForAWSResource=false", true)]
    // BinaryEquals: base64 compared exactly.
    [InlineData("""{"BinaryEquals":{"kms:X":"QmluYXJ5VmFsdWU="}}""", "kms:X=QmluYXJ5VmFsdWU=", true)]
    [InlineData("""{"BinaryEquals":{"kms:X":"QmluYXJ5VmFsdWU="}}""", "kms:X=T3RoZXI=", false)]
    [InlineData("""{"BinaryEquals":{"kms:X":"QmluYXJ5VmFsdWU="}}""", "", false)]
    // IpAddress / NotIpAddress against aws:SourceIp: CIDR, bare addresses, IPv4 and IPv6.
    [InlineData("""{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}""", "aws:SourceIp=203.0.113.7", true)]
    [InlineData("""{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}""", "aws:SourceIp=198.51.100.1", false)]
    [InlineData("""{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}""", "aws:SourceIp=not-an-ip", false)]
    [InlineData("""{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}""", "", false)]
    [InlineData("""{"IpAddress":{"aws:SourceIp":"10.0.0.1"}}""", "aws:SourceIp=10.0.0.1", true)]
    [InlineData("""{"IpAddress":{"aws:SourceIp":"10.1.2.3/8"}}""", "aws:SourceIp=10.200.0.1", true)]
    [InlineData("""{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","192.168.0.0/16"]}}""", "aws:SourceIp=192.168.1.1", true)]
    [InlineData("""{"IpAddress":{"aws:SourceIp":"2001:db8::/32"}}""", "aws:SourceIp=2001:db8::1", true)]
    [InlineData("""{"IpAddress":{"aws:SourceIp":"2001:db8::/32"}}""", "aws:SourceIp=2001:db9::1", false)]
    [InlineData("""{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}""", "aws:SourceIp=::ffff:203.0.113.9", true)]
    [InlineData("""{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}""", "aws:SourceIp=192.168.1.1", true)]
    [InlineData("""{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}""", "aws:SourceIp=10.1.2.3", false)]
    [InlineData("""{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}""", "", true)]
    // Arn operators: part by part, wildcards within a part, case-sensitive; ArnEquals and ArnLike are the same.
    [InlineData("""{"ArnEquals":{"aws:SourceArn":"arn:aws:kms:us-east-1:111122223333:key/abc"}}""", "aws:SourceArn=arn:aws:kms:us-east-1:111122223333:key/abc", true)]
    [InlineData("""{"ArnEquals":{"aws:SourceArn":"arn:aws:kms:us-east-1:111122223333:key/abc"}}""", "aws:SourceArn=arn:aws:kms:us-east-1:111122223333:key/ABC", false)]
    [InlineData("""{"ArnEquals":{"aws:SourceArn":"arn:aws:kms:us-east-1:111122223333:key/abc"}}""", "", false)]
    [InlineData("""{"ArnLike":{"aws:SourceArn":"arn:aws:kms:*:111122223333:key/*"}}""", "aws:SourceArn=arn:aws:kms:eu-west-1:111122223333:key/abc", true)]
    [InlineData("""{"ArnLike":{"aws:SourceArn":"arn:aws:kms:*:111122223333:key/*"}}""", "aws:SourceArn=arn:aws:kms:eu-west-1:444455556666:key/abc", false)]
    [InlineData("""{"ArnLike":{"aws:SourceArn":"arn:aws:kms:*:111122223333:*"}}""", "aws:SourceArn=arn:aws:kms:a:b:111122223333:key", false)]
    [InlineData("""{"ArnLike":{"aws:SourceArn":"arn:aws:s3:::bucket/*"}}""", "aws:SourceArn=arn:aws:s3:::bucket/a:b", true)]
    [InlineData("""{"ArnLike":{"aws:SourceArn":"arn:aws:kms:*:111122223333:key/*"}}""", "aws:SourceArn=not-an-arn", false)]
    [InlineData("""{"ArnNotEquals":{"aws:SourceArn":"arn:aws:kms:us-east-1:111122223333:key/abc"}}""", "aws:SourceArn=arn:aws:kms:us-east-1:111122223333:key/def", true)]
    [InlineData("""{"ArnNotEquals":{"aws:SourceArn":"arn:aws:kms:us-east-1:111122223333:key/abc"}}""", "", true)]
    [InlineData("""{"ArnNotLike":{"aws:SourceArn":"arn:aws:kms:*:111122223333:key/*"}}""", "aws:SourceArn=arn:aws:kms:us-east-1:111122223333:key/abc", false)]
    [InlineData("""{"ArnNotLike":{"aws:SourceArn":"arn:aws:kms:*:111122223333:key/*"}}""", "aws:SourceArn=arn:aws:kms:us-east-1:444455556666:key/abc", true)]
    [InlineData("""{"ArnNotLike":{"aws:SourceArn":"arn:aws:kms:*:111122223333:key/*"}}""", "", true)]
    // Null: "true" means the key is absent (or has no values), "false" that it is present.
    [InlineData("""{"Null":{"kms:EncryptionContextKeys":"true"}}""", "", true)]
    [InlineData("""{"Null":{"kms:EncryptionContextKeys":"true"}}""", "kms:EncryptionContextKeys=", true)]
    [InlineData("""{"Null":{"kms:EncryptionContextKeys":"true"}}""", "kms:EncryptionContextKeys=Department", false)]
    [InlineData("""{"Null":{"kms:EncryptionContextKeys":false}}""", "kms:EncryptionContextKeys=Department", true)]
    [InlineData("""{"Null":{"kms:EncryptionContextKeys":"false"}}""", "", false)]
    // IfExists: a missing key passes; a present key is checked as without the suffix.
    [InlineData("""{"StringEqualsIfExists":{"kms:ViaService":"s3.us-east-1.amazonaws.com"}}""", "", true)]
    [InlineData("""{"StringEqualsIfExists":{"kms:ViaService":"s3.us-east-1.amazonaws.com"}}""", "kms:ViaService=s3.us-east-1.amazonaws.com", true)]
    [InlineData("""{"StringEqualsIfExists":{"kms:ViaService":"s3.us-east-1.amazonaws.com"}}""", "kms:ViaService=ec2.us-east-1.amazonaws.com", false)]
    [InlineData("""{"StringNotEqualsIfExists":{"kms:ViaService":"s3.us-east-1.amazonaws.com"}}""", "", true)]
    [InlineData("""{"StringNotEqualsIfExists":{"kms:ViaService":"s3.us-east-1.amazonaws.com"}}""", "kms:ViaService=s3.us-east-1.amazonaws.com", false)]
    [InlineData("""{"StringLikeIfExists":{"kms:ViaService":"s3.*"}}""", "", true)]
    [InlineData("""{"NumericLessThanIfExists":{"kms:X":"10"}}""", "", true)]
    [InlineData("""{"NumericLessThanIfExists":{"kms:X":"10"}}""", "kms:X=11", false)]
    [InlineData("""{"DateLessThanIfExists":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}""", "", true)]
    [InlineData("""{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}""", "", true)]
    [InlineData("""{"BinaryEqualsIfExists":{"kms:X":"QmluYXJ5VmFsdWU="}}""", "", true)]
    [InlineData("""{"IpAddressIfExists":{"aws:SourceIp":"10.0.0.0/8"}}""", "", true)]
    [InlineData("""{"IpAddressIfExists":{"aws:SourceIp":"10.0.0.0/8"}}""", "aws:SourceIp=192.168.0.1", false)]
    [InlineData("""{"ArnLikeIfExists":{"aws:SourceArn":"arn:aws:kms:*:111122223333:key/*"}}""", "", true)]
    // ForAllValues: every request value must match some policy value; missing or empty passes.
    [InlineData("""{"ForAllValues:StringEquals":{"kms:EncryptionContextKeys":["Department","Project"]}}""", "kms:EncryptionContextKeys=Department", true)]
    [InlineData("""{"ForAllValues:StringEquals":{"kms:EncryptionContextKeys":["Department","Project"]}}""", "kms:EncryptionContextKeys=Department|Project", true)]
    [InlineData("""{"ForAllValues:StringEquals":{"kms:EncryptionContextKeys":["Department","Project"]}}""", "kms:EncryptionContextKeys=Department|Secret", false)]
    [InlineData("""{"ForAllValues:StringEquals":{"kms:EncryptionContextKeys":["Department","Project"]}}""", "", true)]
    [InlineData("""{"ForAllValues:StringEquals":{"kms:EncryptionContextKeys":["Department","Project"]}}""", "kms:EncryptionContextKeys=", true)]
    [InlineData("""{"ForAllValues:StringNotEquals":{"kms:EncryptionContextKeys":"Secret"}}""", "kms:EncryptionContextKeys=Department|Project", true)]
    [InlineData("""{"ForAllValues:StringNotEquals":{"kms:EncryptionContextKeys":"Secret"}}""", "kms:EncryptionContextKeys=Department|Secret", false)]
    [InlineData("""{"ForAllValues:StringEqualsIfExists":{"kms:EncryptionContextKeys":"Department"}}""", "", true)]
    [InlineData("""{"ForAllValues:StringEquals":{"kms:GrantOperations":["Decrypt","Encrypt"]}}""", "kms:GrantOperations=Decrypt", true)]
    [InlineData("""{"ForAllValues:StringEquals":{"kms:GrantOperations":["Decrypt","Encrypt"]}}""", "kms:GrantOperations=Decrypt|RetireGrant", false)]
    // ForAnyValue: at least one request value must match; missing or empty fails (even with IfExists).
    [InlineData("""{"ForAnyValue:StringEquals":{"kms:EncryptionContextKeys":"Department"}}""", "kms:EncryptionContextKeys=Project|Department", true)]
    [InlineData("""{"ForAnyValue:StringEquals":{"kms:EncryptionContextKeys":"Department"}}""", "kms:EncryptionContextKeys=Project", false)]
    [InlineData("""{"ForAnyValue:StringEquals":{"kms:EncryptionContextKeys":"Department"}}""", "", false)]
    [InlineData("""{"ForAnyValue:StringEquals":{"kms:EncryptionContextKeys":"Department"}}""", "kms:EncryptionContextKeys=", false)]
    [InlineData("""{"ForAnyValue:StringLike":{"kms:ResourceAliases":"alias/finance-*"}}""", "kms:ResourceAliases=alias/app|alias/finance-2025", true)]
    [InlineData("""{"ForAnyValue:StringNotEquals":{"kms:EncryptionContextKeys":"Secret"}}""", "kms:EncryptionContextKeys=Secret|Project", true)]
    [InlineData("""{"ForAnyValue:StringNotEquals":{"kms:EncryptionContextKeys":"Secret"}}""", "kms:EncryptionContextKeys=Secret", false)]
    [InlineData("""{"ForAnyValue:StringEqualsIfExists":{"kms:EncryptionContextKeys":"Department"}}""", "", false)]
    // Without a qualifier, a multi-valued key matches when any of its values does (negated: when none does).
    [InlineData("""{"StringEquals":{"kms:EncryptionContextKeys":"Department"}}""", "kms:EncryptionContextKeys=Project|Department", true)]
    [InlineData("""{"StringNotEquals":{"kms:EncryptionContextKeys":"Secret"}}""", "kms:EncryptionContextKeys=Project|Secret", false)]
    // Several keys in one block, and several blocks, are ANDed.
    [InlineData("""{"StringEquals":{"kms:CallerAccount":"111122223333","kms:ViaService":"s3.us-east-1.amazonaws.com"}}""", "kms:CallerAccount=111122223333;kms:ViaService=s3.us-east-1.amazonaws.com", true)]
    [InlineData("""{"StringEquals":{"kms:CallerAccount":"111122223333","kms:ViaService":"s3.us-east-1.amazonaws.com"}}""", "kms:CallerAccount=111122223333", false)]
    [InlineData("""{"StringEquals":{"kms:CallerAccount":"111122223333"},"NumericLessThan":{"kms:X":"5"}}""", "kms:CallerAccount=111122223333;kms:X=4", true)]
    [InlineData("""{"StringEquals":{"kms:CallerAccount":"111122223333"},"NumericLessThan":{"kms:X":"5"}}""", "kms:CallerAccount=111122223333;kms:X=6", false)]
    [InlineData("""{}""", "", true)]
    // Operator names are case-insensitive.
    [InlineData("""{"stringequals":{"kms:CallerAccount":"111122223333"}}""", "kms:CallerAccount=111122223333", true)]
    public void Condition_RequestContext_HoldsAsAwsDocuments(string condition, string context, bool holds)
    {
        var policy = Policies.AllowWhen(condition);

        var result = PolicyEvaluator.Evaluate(policy, Requests.For(Requests.Alice, conditions: Requests.Context(context)));

        Assert.Equal(holds ? PolicyDecision.Allow : PolicyDecision.NotApplicable, result.Decision);
    }
}

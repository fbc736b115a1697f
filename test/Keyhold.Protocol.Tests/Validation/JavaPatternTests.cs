using Keyhold.Protocol.Validation;

namespace Keyhold.Protocol.Tests.Validation;

public sealed class JavaPatternTests
{
    [Theory]
    [InlineData("[0-9]{12}", "111122223333", true)]
    [InlineData("[0-9]{12}", "1111222233334", false)]
    [InlineData("[0-9]{12}", "x111122223333", false)]
    [InlineData("^[a-f0-9]+$", "abc\n", false)]
    [InlineData("[\\w]+", "policy_1", true)]
    [InlineData("[\\w]+", "d\u00e9faut", false)]
    [InlineData("^([a-z]+-){2,3}\\d+$", "us-east-1", true)]
    [InlineData("^([a-z]+-){2,3}\\d+$", "us-east-\u0661", false)]
    [InlineData("^[a-zA-Z0-9:/_\\s.-]+$", "key material\t1", true)]
    [InlineData("^[a-zA-Z0-9:/_\\s.-]+$", "key\u00a0material", false)]
    [InlineData("^[a-zA-Z0-9-_.]+$", "xks-key_1.a", true)]
    [InlineData("[\\u0020-\\u00FF]*", "marker \u00ff", true)]
    [InlineData("[\\u0020-\\u00FF]*", "marker \u0100", false)]
    [InlineData("^(/[a-zA-Z0-9\\/_-]+/kms/xks/v\\d{1,2})$|^(/kms/xks/v\\d{1,2})$", "/kms/xks/v1", true)]
    [InlineData("^(/[a-zA-Z0-9\\/_-]+/kms/xks/v\\d{1,2})$|^(/kms/xks/v\\d{1,2})$", "/kms/xks/v1/extra", false)]
    [InlineData("^(/[a-zA-Z0-9\\/_-]+/kms/xks/v\\d{1,2})$|^(/kms/xks/v\\d{1,2})$", "/prefix/kms/xks/v12", true)]
    public void Compile_ModelPattern_MatchesWholeValueWithJavaClasses(string pattern, string value, bool matches)
    {
        Assert.Equal(matches, JavaPattern.Compile(pattern).IsMatch(value));
    }
}

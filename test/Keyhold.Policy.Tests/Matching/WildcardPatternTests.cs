using Keyhold.Policy.Matching;

namespace Keyhold.Policy.Tests.Matching;

public sealed class WildcardPatternTests
{
    private static readonly ConditionValues Variables = new ConditionValues()
        .Add("aws:username", "alice")
        .Add("k:empty", string.Empty)
        .Add("k:star", "*")
        .Add("k:multi", "a").Add("k:multi", "b");

    [Theory]
    [InlineData("abc", "abc", true)]
    [InlineData("abc", "abd", false)]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    [InlineData("*", "", true)]
    [InlineData("*", "anything:at/all", true)]
    [InlineData("a*", "a", true)]
    [InlineData("*c", "abc", true)]
    [InlineData("a*c", "abbbc", true)]
    [InlineData("a*c", "abbbd", false)]
    [InlineData("a**c", "ac", true)]
    [InlineData("a*b*c", "axxbyybzzc", true)]
    [InlineData("a*b*c", "axxbyyzz", false)]
    [InlineData("*ab", "aab", true)]
    [InlineData("*aab", "aaab", true)]
    [InlineData("?", "", false)]
    [InlineData("?", "x", true)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "ac", false)]
    [InlineData("*?", "", false)]
    [InlineData("*?", "x", true)]
    [InlineData("a*", "b", false)]
    public void IsMatch_Wildcards_MatchWholeInput(string pattern, string input, bool matches)
    {
        Assert.Equal(matches, WildcardPattern.Compile(pattern, PatternSyntax.Wildcards).IsMatch(input, ignoreCase: false, Variables));
    }

    [Theory]
    [InlineData("home/${aws:username}/*", "home/alice/x", true)]
    [InlineData("home/${aws:username}/*", "home/bob/x", false)]
    [InlineData("*${aws:username}", "xxalice", true)]
    [InlineData("*${aws:username}*", "xalicex", true)]
    [InlineData("a${k:empty}b", "ab", true)]
    [InlineData("a${k:empty}*", "a", true)]
    [InlineData("a${k:star}", "a*", true)]
    [InlineData("a${k:star}", "ab", false)]
    [InlineData("${k:multi}", "a", false)]
    [InlineData("${k:missing}", "", false)]
    [InlineData("${k:missing, ''}", "", true)]
    [InlineData("${k:missing, 'x y'}z", "x yz", true)]
    [InlineData("${}", "${}", true)]
    [InlineData("${k:missing, nope}", "${k:missing, nope}", true)]
    public void IsMatch_Variables_ResolvedAndMatchedLiterally(string pattern, string input, bool matches)
    {
        var compiled = WildcardPattern.Compile(pattern, PatternSyntax.Wildcards | PatternSyntax.Variables);

        Assert.Equal(matches, compiled.IsMatch(input, ignoreCase: false, Variables));
    }

    [Fact]
    public void IsMatch_IgnoreCase_ComparesCaseInsensitively()
    {
        var pattern = WildcardPattern.Compile("kms:Gen*Key", PatternSyntax.Wildcards);

        Assert.True(pattern.IsMatch("KMS:generatedatakey", ignoreCase: true, Variables));
        Assert.False(pattern.IsMatch("KMS:generatedatakey", ignoreCase: false, Variables));
    }

    [Fact]
    public void VariableNames_PatternWithVariables_ListsKeys()
    {
        var pattern = WildcardPattern.Compile("${aws:username}/${*}/${k:x, 'd'}", PatternSyntax.Variables);

        Assert.Equal(["aws:username", "k:x"], pattern.VariableNames);
    }
}

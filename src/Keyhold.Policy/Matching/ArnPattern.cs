namespace Keyhold.Policy.Matching;

/// <summary>
/// An ARN condition value (ArnEquals/ArnLike and their negations). The six colon-separated parts
/// (<c>arn:partition:service:region:account:resource</c>) are matched one by one, so a wildcard cannot reach across a
/// colon except in the resource part, which may itself contain colons. A value that is not six parts long is matched
/// as one wildcard string instead.
/// </summary>
internal sealed class ArnPattern
{
    private const int PartCount = 6;
    private readonly WildcardPattern[]? _parts;
    private readonly WildcardPattern _whole;

    private ArnPattern(WildcardPattern whole, WildcardPattern[]? parts)
    {
        _whole = whole;
        _parts = parts;
    }

    public IEnumerable<string> VariableNames => _whole.VariableNames;

    public static ArnPattern Compile(string source, PatternSyntax syntax)
    {
        var whole = WildcardPattern.Compile(source, syntax);
        var pieces = SplitOutsideVariables(source, syntax);
        WildcardPattern[]? parts = null;
        if (pieces.Count == PartCount)
        {
            parts = [.. pieces.Select(p => WildcardPattern.Compile(p, syntax))];
        }

        return new ArnPattern(whole, parts);
    }

    public bool IsMatch(ReadOnlySpan<char> arn, IConditionValues context)
    {
        if (_parts is null)
        {
            return _whole.IsMatch(arn, ignoreCase: false, context);
        }

        var rest = arn;
        for (var i = 0; i < PartCount - 1; i++)
        {
            var colon = rest.IndexOf(':');
            if (colon < 0 || !_parts[i].IsMatch(rest[..colon], ignoreCase: false, context))
            {
                return false;
            }

            rest = rest[(colon + 1)..];
        }

        return _parts[PartCount - 1].IsMatch(rest, ignoreCase: false, context);
    }

    // Splits at the first five colons that are not inside a ${…} variable (variable names contain colons).
    private static List<string> SplitOutsideVariables(string source, PatternSyntax syntax)
    {
        var parts = new List<string>(PartCount);
        var start = 0;
        for (var i = 0; i < source.Length && parts.Count < PartCount - 1; i++)
        {
            if ((syntax & PatternSyntax.Variables) != 0 && source[i] == '$'
                && PolicyVariable.TryRead(source, i, out _, out var length))
            {
                i += length - 1;
            }
            else if (source[i] == ':')
            {
                parts.Add(source[start..i]);
                start = i + 1;
            }
        }

        parts.Add(source[start..]);
        return parts;
    }
}

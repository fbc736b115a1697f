using System.Text;

namespace Keyhold.Policy.Matching;

/// <summary>
/// A policy string compiled once at parse time: literal text, <c>*</c>/<c>?</c> wildcards and <c>${…}</c> policy
/// variables. Matching walks the tokens against the input without building the substituted string, so it does not
/// allocate. A variable whose key is missing (or multi-valued) and has no default makes the pattern not match.
/// </summary>
internal sealed class WildcardPattern
{
    private readonly PatternToken[] _tokens;
    private readonly string? _literal;

    private WildcardPattern(string source, PatternToken[] tokens)
    {
        Source = source;
        _tokens = tokens;
        if (tokens.Length == 0)
        {
            _literal = string.Empty;
        }
        else if (tokens.Length == 1 && tokens[0].Kind == PatternTokenKind.Literal)
        {
            _literal = tokens[0].Text;
        }

        IsMatchAll = tokens.Length == 1 && tokens[0].Kind == PatternTokenKind.AnyRun;
    }

    /// <summary>The policy text this pattern was compiled from.</summary>
    public string Source { get; }

    /// <summary>True for a lone <c>*</c>, which matches anything.</summary>
    public bool IsMatchAll { get; }

    /// <summary>The condition keys named by policy variables in this pattern.</summary>
    public IEnumerable<string> VariableNames =>
        _tokens.Where(t => t.Kind == PatternTokenKind.Variable).Select(t => t.Text);

    public static WildcardPattern Compile(string source, PatternSyntax syntax)
    {
        var tokens = new List<PatternToken>();
        var literal = new StringBuilder();
        var wildcards = (syntax & PatternSyntax.Wildcards) != 0;
        var variables = (syntax & PatternSyntax.Variables) != 0;

        void FlushLiteral()
        {
            if (literal.Length > 0)
            {
                tokens.Add(new PatternToken(PatternTokenKind.Literal, literal.ToString()));
                literal.Clear();
            }
        }

        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            if (variables && c == '$' && PolicyVariable.TryRead(source, i, out var variable, out var length))
            {
                if (variable.Kind == PatternTokenKind.Literal)
                {
                    literal.Append(variable.Text);
                }
                else
                {
                    FlushLiteral();
                    tokens.Add(variable);
                }

                i += length - 1;
            }
            else if (wildcards && c == '*')
            {
                FlushLiteral();
                // Consecutive stars match the same as one.
                if (tokens.Count == 0 || tokens[^1].Kind != PatternTokenKind.AnyRun)
                {
                    tokens.Add(new PatternToken(PatternTokenKind.AnyRun, "*"));
                }
            }
            else if (wildcards && c == '?')
            {
                FlushLiteral();
                tokens.Add(new PatternToken(PatternTokenKind.AnyChar, "?"));
            }
            else
            {
                literal.Append(c);
            }
        }

        FlushLiteral();
        return new WildcardPattern(source, [.. tokens]);
    }

    /// <summary>Matches the whole input against the pattern.</summary>
    /// <param name="input">The request value.</param>
    /// <param name="ignoreCase">Compare characters case-insensitively (actions, StringEqualsIgnoreCase, Bool).</param>
    /// <param name="context">Where policy variables are resolved.</param>
    public bool IsMatch(ReadOnlySpan<char> input, bool ignoreCase, IConditionValues context)
    {
        if (IsMatchAll)
        {
            return true;
        }

        if (_literal is not null)
        {
            return input.Equals(_literal, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
        }

        return MatchTokens(input, ignoreCase, context);
    }

    // Classic iterative glob matching with one backtrack point (the last '*'), run over the tokens as if they were
    // one flat string: (token, offset) is the pattern cursor. Literal and resolved variable text match exactly.
    private bool MatchTokens(ReadOnlySpan<char> input, bool ignoreCase, IConditionValues context)
    {
        var tokens = _tokens;
        int token = 0, offset = 0, position = 0;
        int starToken = -1, starPosition = 0;

        while (position < input.Length)
        {
            if (token < tokens.Length)
            {
                var current = tokens[token];
                switch (current.Kind)
                {
                    case PatternTokenKind.AnyRun:
                        starToken = ++token;
                        offset = 0;
                        starPosition = position;
                        continue;
                    case PatternTokenKind.AnyChar:
                        token++;
                        position++;
                        continue;
                    default:
                        if (!TryGetText(current, context, out var text))
                        {
                            return false;
                        }

                        if (offset >= text.Length)
                        {
                            token++;
                            offset = 0;
                            continue;
                        }

                        if (CharEquals(text[offset], input[position], ignoreCase))
                        {
                            offset++;
                            position++;
                            if (offset == text.Length)
                            {
                                token++;
                                offset = 0;
                            }

                            continue;
                        }

                        break;
                }
            }

            if (starToken < 0)
            {
                return false;
            }

            // Let the last '*' absorb one more character and retry the rest of the pattern from there.
            token = starToken;
            offset = 0;
            position = ++starPosition;
        }

        // Input consumed: whatever is left of the pattern must be able to match nothing.
        for (; token < tokens.Length; token++, offset = 0)
        {
            var current = tokens[token];
            switch (current.Kind)
            {
                case PatternTokenKind.AnyRun:
                    continue;
                case PatternTokenKind.AnyChar:
                    return false;
                default:
                    if (!TryGetText(current, context, out var text) || text.Length > offset)
                    {
                        return false;
                    }

                    continue;
            }
        }

        return true;
    }

    private static bool TryGetText(in PatternToken token, IConditionValues context, out string text)
    {
        if (token.Kind == PatternTokenKind.Literal)
        {
            text = token.Text;
            return true;
        }

        return PolicyVariable.TryResolve(token, context, out text);
    }

    private static bool CharEquals(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));

    public override string ToString() => Source;
}

namespace Keyhold.Policy.Matching;

/// <summary>
/// Reads and resolves IAM policy variables: <c>${aws:username}</c>, <c>${aws:username, 'default'}</c>, and the escapes
/// <c>${*}</c>, <c>${?}</c>, <c>${$}</c> for the literal characters. Text that merely looks like a variable but is not
/// well formed (no closing brace, empty name) stays literal.
/// </summary>
internal static class PolicyVariable
{
    /// <summary>Tries to read a variable starting at <paramref name="start"/> (which holds <c>$</c>).</summary>
    /// <param name="source">The policy string.</param>
    /// <param name="start">Index of the <c>$</c>.</param>
    /// <param name="token">A <see cref="PatternTokenKind.Variable"/> token, or a literal token for the escapes.</param>
    /// <param name="length">How many characters of <paramref name="source"/> the variable spans.</param>
    public static bool TryRead(string source, int start, out PatternToken token, out int length)
    {
        token = default;
        length = 0;
        if (start + 1 >= source.Length || source[start + 1] != '{')
        {
            return false;
        }

        var close = source.IndexOf('}', start + 2);
        if (close < 0)
        {
            return false;
        }

        var inner = source.AsSpan(start + 2, close - start - 2);
        length = close - start + 1;
        if (inner is "*" or "?" or "$")
        {
            token = new PatternToken(PatternTokenKind.Literal, inner.ToString());
            return true;
        }

        string? fallback = null;
        var comma = inner.IndexOf(',');
        var name = (comma < 0 ? inner : inner[..comma]).Trim();
        if (comma >= 0)
        {
            var rest = inner[(comma + 1)..].Trim();
            if (rest.Length < 2 || rest[0] != '\'' || rest[^1] != '\'')
            {
                return false;
            }

            fallback = rest[1..^1].ToString();
        }

        if (name.IsEmpty || name.ContainsAny(" \t'${"))
        {
            return false;
        }

        token = new PatternToken(PatternTokenKind.Variable, name.ToString(), fallback);
        return true;
    }

    /// <summary>
    /// The value a variable stands for in this request: the key's single value, else the default. A missing or
    /// multi-valued key without a default cannot be resolved, and the value containing it then matches nothing.
    /// </summary>
    public static bool TryResolve(in PatternToken token, IConditionValues context, out string text)
    {
        if (context.TryGetValues(token.Text, out var values) && values.Count == 1)
        {
            text = values[0];
            return true;
        }

        text = token.Default ?? string.Empty;
        return token.Default is not null;
    }
}

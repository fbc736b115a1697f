using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Keyhold.Server.Tests.Protocol;

/// <summary>
/// Builds strings of an exact length that match a service-model pattern (the Java regex subset the KMS model uses:
/// literals, escapes, character classes, groups, alternation, quantifiers, anchors), and strings of the same length
/// that do not. Every sample is checked against the validator's compiled pattern, so a sampler mistake shows up as
/// a generator failure rather than as a wrong expectation.
/// </summary>
internal static class PatternSampler
{
    /// <summary>Characters tried, in order, to break a pattern: ASCII punctuation first, then one beyond Latin-1.</summary>
    private static readonly char[] Breakers = ['!', '\u0100', ' ', '~', '#', '\u0001'];

    /// <summary>A string of exactly <paramref name="length"/> characters that <paramref name="regex"/> matches, if one can be built.</summary>
    public static bool TrySample(string pattern, Regex regex, int length, out string sample)
    {
        var root = new Parser(pattern).ParseAlternation();
        var baseline = Render(root, pump: null, extra: 0);
        sample = baseline;
        if (baseline.Length == length)
        {
            return regex.IsMatch(baseline);
        }

        if (baseline.Length > length)
        {
            return false;
        }

        // Repeat one quantifier (the last one first: the tail of a pattern is usually its free-form part).
        var repeats = new List<Repeat>();
        Collect(root, repeats);
        for (var i = repeats.Count - 1; i >= 0; i--)
        {
            var repeat = repeats[i];
            var unit = Render(root, repeat, 1).Length - baseline.Length;
            var needed = length - baseline.Length;
            if (unit <= 0 || needed % unit != 0 || (repeat.Max is { } max && repeat.Min + (needed / unit) > max))
            {
                continue;
            }

            sample = Render(root, repeat, needed / unit);
            if (sample.Length == length && regex.IsMatch(sample))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <paramref name="valid"/> (which the pattern matches) with one character replaced by one the pattern does not
    /// allow there, so only the pattern is broken; null when no such replacement exists.
    /// </summary>
    public static string? Violate(string valid, Regex regex)
    {
        if (valid.Length == 0)
        {
            return null;
        }

        foreach (var breaker in Breakers)
        {
            foreach (var position in new[] { 0, valid.Length - 1 })
            {
                var candidate = string.Concat(valid.AsSpan(0, position), breaker.ToString(), valid.AsSpan(position + 1));
                if (!regex.IsMatch(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static string Render(Node node, Repeat? pump, int extra)
    {
        var builder = new StringBuilder();
        Append(builder, node, pump, extra);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, Node node, Repeat? pump, int extra)
    {
        switch (node)
        {
            case Literal literal:
                builder.Append(literal.Character);
                break;
            case Sequence sequence:
                foreach (var part in sequence.Parts)
                {
                    Append(builder, part, pump, extra);
                }

                break;
            case Alternation alternation:
                // The first branch; enough for every pattern of the KMS model.
                Append(builder, alternation.Branches[0], pump, extra);
                break;
            case Repeat repeat:
                var count = repeat.Min + (ReferenceEquals(repeat, pump) ? extra : 0);
                for (var i = 0; i < count; i++)
                {
                    Append(builder, repeat.Inner, pump, extra);
                }

                break;
            default:
                throw new InvalidOperationException($"Unknown pattern node {node.GetType().Name}.");
        }
    }

    private static void Collect(Node node, List<Repeat> repeats)
    {
        switch (node)
        {
            case Sequence sequence:
                sequence.Parts.ForEach(part => Collect(part, repeats));
                break;
            case Alternation alternation:
                Collect(alternation.Branches[0], repeats);
                break;
            case Repeat repeat:
                if (repeat.Max is null || repeat.Max > repeat.Min)
                {
                    repeats.Add(repeat);
                }

                Collect(repeat.Inner, repeats);
                break;
            default:
                break;
        }
    }

    private abstract record Node;

    /// <summary>One character: a literal, or the representative of a class (an <c>a</c> where allowed).</summary>
    private sealed record Literal(char Character) : Node;

    private sealed record Sequence(List<Node> Parts) : Node;

    private sealed record Alternation(List<Sequence> Branches) : Node;

    private sealed record Repeat(Node Inner, int Min, int? Max) : Node;

    private sealed class Parser(string pattern)
    {
        private int _position;

        public Node ParseAlternation()
        {
            var branches = new List<Sequence> { ParseSequence() };
            while (_position < pattern.Length && pattern[_position] == '|')
            {
                _position++;
                branches.Add(ParseSequence());
            }

            return branches.Count == 1 ? branches[0] : new Alternation(branches);
        }

        private Sequence ParseSequence()
        {
            var parts = new List<Node>();
            while (_position < pattern.Length && pattern[_position] is not ('|' or ')'))
            {
                var atom = ParseAtom();
                if (atom is not null)
                {
                    parts.Add(ParseQuantifier(atom));
                }
            }

            return new Sequence(parts);
        }

        private Node? ParseAtom()
        {
            var c = pattern[_position++];
            switch (c)
            {
                case '^' or '$':
                    return null;
                case '(':
                    if (pattern.AsSpan(_position).StartsWith("?:"))
                    {
                        _position += 2;
                    }

                    var group = ParseAlternation();
                    Expect(')');
                    return group;
                case '[':
                    return new Literal(ParseClass());
                case '.':
                    return new Literal('a');
                case '\\':
                    return new Literal(Representative(ReadEscape()));
                default:
                    return new Literal(c);
            }
        }

        private Node ParseQuantifier(Node atom)
        {
            if (_position >= pattern.Length)
            {
                return atom;
            }

            var quantifier = pattern[_position];
            (int Min, int? Max)? bounds = quantifier switch
            {
                '*' => (0, null),
                '+' => (1, null),
                '?' => (0, 1),
                '{' => ReadBraces(),
                _ => null,
            };
            if (bounds is null)
            {
                return atom;
            }

            if (quantifier != '{')
            {
                _position++;
            }

            return new Repeat(atom, bounds.Value.Min, bounds.Value.Max);
        }

        private (int Min, int? Max) ReadBraces()
        {
            var end = pattern.IndexOf('}', _position);
            var text = pattern[(_position + 1)..end];
            _position = end + 1;
            var comma = text.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0)
            {
                var exact = int.Parse(text, CultureInfo.InvariantCulture);
                return (exact, exact);
            }

            var min = int.Parse(text[..comma], CultureInfo.InvariantCulture);
            return comma == text.Length - 1 ? (min, null) : (min, int.Parse(text[(comma + 1)..], CultureInfo.InvariantCulture));
        }

        /// <summary>Reads <c>[...]</c> (after the bracket) and returns a character it allows.</summary>
        private char ParseClass()
        {
            if (pattern[_position] == '^')
            {
                throw new NotSupportedException($"Negated character classes are not supported by the sampler: {pattern}");
            }

            var ranges = new List<(char Low, char High)>();
            while (pattern[_position] != ']')
            {
                var low = ReadClassItem(ranges);
                if (low is { } single && pattern[_position] == '-' && pattern[_position + 1] != ']')
                {
                    _position++;
                    var high = ReadClassItem(ranges) ?? throw new NotSupportedException($"A range ends in a class escape: {pattern}");
                    ranges.Add((single, high));
                }
                else if (low is { } only)
                {
                    ranges.Add((only, only));
                }
            }

            _position++;
            foreach (var preferred in "a0A")
            {
                if (ranges.Exists(r => r.Low <= preferred && preferred <= r.High))
                {
                    return preferred;
                }
            }

            return ranges[0].Low;
        }

        /// <summary>One character of a class, or null after adding a class escape's ranges (<c>\d</c>, <c>\w</c>, <c>\s</c>).</summary>
        private char? ReadClassItem(List<(char Low, char High)> ranges)
        {
            var c = pattern[_position++];
            if (c != '\\')
            {
                return c;
            }

            var escaped = ReadEscape();
            switch (escaped)
            {
                case "\\d":
                    ranges.Add(('0', '9'));
                    return null;
                case "\\w":
                    ranges.AddRange([('a', 'z'), ('A', 'Z'), ('0', '9'), ('_', '_')]);
                    return null;
                case "\\s":
                    ranges.AddRange([(' ', ' '), ('\t', '\r')]);
                    return null;
                default:
                    return escaped[0];
            }
        }

        /// <summary>After a backslash: <c>\d</c>, <c>\w</c>, <c>\s</c> as themselves; <c>\uXXXX</c> and escaped literals as the character.</summary>
        private string ReadEscape()
        {
            var c = pattern[_position++];
            if (c == 'u')
            {
                var code = int.Parse(pattern.AsSpan(_position, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                _position += 4;
                return ((char)code).ToString();
            }

            return c is 'd' or 'w' or 's' ? "\\" + c
                : char.IsAsciiLetterOrDigit(c) ? throw new NotSupportedException($"The escape \\{c} is not supported by the sampler: {pattern}")
                : c.ToString();
        }

        private static char Representative(string escape) => escape switch
        {
            "\\d" => '0',
            "\\w" => 'a',
            "\\s" => ' ',
            _ => escape[0],
        };

        private void Expect(char c)
        {
            if (_position >= pattern.Length || pattern[_position] != c)
            {
                throw new NotSupportedException($"Expected '{c}' at {_position} in {pattern}");
            }

            _position++;
        }
    }
}

using System.Text;
using System.Text.RegularExpressions;

namespace Keyhold.Protocol.Validation;

/// <summary>
/// Turns a service-model pattern (Java regex syntax, matched against the whole value as Java's
/// <c>Pattern.matches</c> does) into an equivalent .NET <see cref="Regex"/>.
/// </summary>
/// <remarks>
/// AWS matches the whole value: DynamoDB rejects the table name <c>a;</c> against <c>[a-zA-Z0-9_.-]+</c>
/// (dynalite's tests, run against AWS). So the pattern is wrapped in <c>\A(?:…)\z</c>. Java's <c>\d</c>,
/// <c>\w</c> and <c>\s</c> are ASCII-only while .NET's are Unicode, so they are spelled out.
/// </remarks>
internal static class JavaPattern
{
    /// <summary>Generous for the model's patterns, which are linear; it only bounds a pathological case.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(250);

    public static Regex Compile(string javaPattern) =>
        new(ToDotNet(javaPattern), RegexOptions.CultureInvariant, MatchTimeout);

    internal static string ToDotNet(string javaPattern)
    {
        var builder = new StringBuilder(javaPattern.Length + 16);
        builder.Append(@"\A(?:");
        var inClass = false;
        for (var i = 0; i < javaPattern.Length; i++)
        {
            var c = javaPattern[i];
            if (c == '\\' && i + 1 < javaPattern.Length)
            {
                var escaped = javaPattern[++i];
                AppendEscape(builder, escaped, inClass);
                continue;
            }

            if (c == '[' && !inClass)
            {
                inClass = true;
            }
            else if (c == ']' && inClass)
            {
                inClass = false;
            }

            builder.Append(c);
        }

        builder.Append(@")\z");
        return builder.ToString();
    }

    private static void AppendEscape(StringBuilder builder, char escaped, bool inClass)
    {
        var ascii = escaped switch
        {
            'd' => "0-9",
            'w' => "a-zA-Z0-9_",
            's' => @" \t\n\x0B\f\r",
            _ => null,
        };
        if (ascii is not null)
        {
            builder.Append(inClass ? ascii : "[" + ascii + "]");
            return;
        }

        // Negated classes only outside brackets; inside one, .NET's (Unicode) meaning is kept. The KMS model has none.
        var negated = escaped switch
        {
            'D' => "[^0-9]",
            'W' => "[^a-zA-Z0-9_]",
            'S' => @"[^ \t\n\x0B\f\r]",
            _ => null,
        };
        if (negated is not null && !inClass)
        {
            builder.Append(negated);
            return;
        }

        builder.Append('\\').Append(escaped);
    }
}

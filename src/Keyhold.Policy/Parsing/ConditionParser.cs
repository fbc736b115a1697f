using System.Net;
using System.Text.Json;
using Keyhold.Policy.Conditions;
using Keyhold.Policy.Matching;

namespace Keyhold.Policy.Parsing;

/// <summary>
/// Parses a statement's <c>Condition</c> element into clauses, one per (operator, key), validating operator names and
/// every value for its operator so evaluation never has to reject anything.
/// </summary>
internal static class ConditionParser
{
    public static List<ConditionClause> Parse(JsonElement condition, StatementLocation location, bool variables)
    {
        if (condition.ValueKind != JsonValueKind.Object)
        {
            throw location.Error($"Condition must be an object of condition operators, not {JsonValues.Describe(condition)}");
        }

        var clauses = new List<ConditionClause>();
        foreach (var block in condition.EnumerateObject())
        {
            if (!ConditionOperators.TryParse(block.Name, out var baseOperator, out var qualifier, out var ifExists))
            {
                throw location.Error($"unknown condition operator \"{block.Name}\"");
            }

            if (baseOperator.Family == OperatorFamily.Null && qualifier != SetQualifier.None)
            {
                throw location.Error($"condition operator \"{block.Name}\": Null cannot be used with ForAnyValue or ForAllValues");
            }

            if (block.Value.ValueKind != JsonValueKind.Object)
            {
                throw location.Error($"condition operator \"{block.Name}\" must map condition keys to values, not {JsonValues.Describe(block.Value)}");
            }

            var options = new ConditionOptions(qualifier, ifExists, baseOperator.Negated);
            foreach (var entry in block.Value.EnumerateObject())
            {
                if (string.IsNullOrWhiteSpace(entry.Name))
                {
                    throw location.Error($"condition operator \"{block.Name}\" has an empty condition key");
                }

                var context = new ClauseContext(location, block.Name, entry.Name);
                var values = ReadValues(entry.Value, context);
                clauses.Add(Create(baseOperator, options, values, context, variables));
            }
        }

        return clauses;
    }

    private static List<string> ReadValues(JsonElement element, in ClauseContext context)
    {
        var values = new List<string>();
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                values.Add(ReadScalar(item, context));
            }

            if (values.Count == 0)
            {
                throw context.Error("has no values");
            }
        }
        else
        {
            values.Add(ReadScalar(element, context));
        }

        return values;
    }

    private static string ReadScalar(JsonElement element, in ClauseContext context) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => throw context.Error($"values must be strings, numbers or booleans, not {JsonValues.Describe(element)}"),
    };

    private static ConditionClause Create(BaseOperator op, ConditionOptions options, List<string> values, in ClauseContext context, bool variables)
    {
        var key = context.Key;
        var variableSyntax = variables ? PatternSyntax.Variables : PatternSyntax.None;
        switch (op.Family)
        {
            case OperatorFamily.StringEquals:
                return new StringCondition(key, options, Compile(values, variableSyntax), ignoreCase: false);
            case OperatorFamily.StringEqualsIgnoreCase:
                return new StringCondition(key, options, Compile(values, variableSyntax), ignoreCase: true);
            case OperatorFamily.StringLike:
                return new StringCondition(key, options, Compile(values, variableSyntax | PatternSyntax.Wildcards), ignoreCase: false);
            case OperatorFamily.Bool:
                foreach (var value in values)
                {
                    if (!IsBoolean(value) && !(variables && value.Contains("${", StringComparison.Ordinal)))
                    {
                        throw context.Error($"\"{value}\" is not \"true\" or \"false\"");
                    }
                }

                return new StringCondition(key, options, Compile(values, variableSyntax), ignoreCase: true);
            case OperatorFamily.Arn:
                return new ArnCondition(key, options, [.. values.Select(v => ArnPattern.Compile(v, variableSyntax | PatternSyntax.Wildcards))]);
            case OperatorFamily.Numeric:
                return new NumericCondition(key, options, ParseAll<double>(values, NumericCondition.TryParse, "is not a number", context), op.Comparison);
            case OperatorFamily.Date:
                return new DateCondition(key, options, ParseAll<long>(values, DateCondition.TryParse, "is not a date (ISO 8601 or epoch seconds)", context), op.Comparison);
            case OperatorFamily.Binary:
                foreach (var value in values)
                {
                    if (value.Length == 0 || !Convert.TryFromBase64String(value, new byte[value.Length], out _))
                    {
                        throw context.Error($"\"{value}\" is not base64");
                    }
                }

                return new BinaryCondition(key, options, [.. values]);
            case OperatorFamily.IpAddress:
                var networks = new IPNetwork[values.Count];
                for (var i = 0; i < values.Count; i++)
                {
                    if (!IpAddressCondition.TryParseNetwork(values[i], out networks[i]))
                    {
                        throw context.Error($"\"{values[i]}\" is not an IP address or CIDR range");
                    }
                }

                return new IpAddressCondition(key, options, networks);
            default:
                foreach (var value in values)
                {
                    if (!IsBoolean(value))
                    {
                        throw context.Error($"Null takes \"true\" (key absent) or \"false\" (key present), not \"{value}\"");
                    }
                }

                return new NullCondition(key, [.. values.Select(v => v.Equals("true", StringComparison.OrdinalIgnoreCase))]);
        }
    }

    private delegate bool SpanParser<T>(ReadOnlySpan<char> text, out T value);

    private static T[] ParseAll<T>(List<string> values, SpanParser<T> parse, string problem, in ClauseContext context)
    {
        var parsed = new T[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            if (!parse(values[i], out parsed[i]))
            {
                throw context.Error($"\"{values[i]}\" {problem}");
            }
        }

        return parsed;
    }

    private static WildcardPattern[] Compile(List<string> values, PatternSyntax syntax) =>
        [.. values.Select(v => WildcardPattern.Compile(v, syntax))];

    private static bool IsBoolean(string value) =>
        value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.Equals("false", StringComparison.OrdinalIgnoreCase);

    private readonly record struct ClauseContext(StatementLocation Location, string Operator, string Key)
    {
        public PolicyValidationException Error(string problem) =>
            Location.Error($"condition \"{Operator}\" key \"{Key}\": {problem}");
    }
}

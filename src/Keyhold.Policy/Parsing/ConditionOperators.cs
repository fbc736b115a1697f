using System.Collections.Frozen;
using Keyhold.Policy.Conditions;

namespace Keyhold.Policy.Parsing;

/// <summary>The condition operators of the IAM policy reference, and how a full operator name decomposes.</summary>
internal static class ConditionOperators
{
    private const string IfExistsSuffix = "IfExists";

    // Operator names are looked up case-insensitively: being lenient here never widens access, and a policy that AWS
    // accepts must not be rejected.
    private static readonly FrozenDictionary<string, BaseOperator> BaseOperators = new Dictionary<string, BaseOperator>
    {
        ["StringEquals"] = new(OperatorFamily.StringEquals, false),
        ["StringNotEquals"] = new(OperatorFamily.StringEquals, true),
        ["StringEqualsIgnoreCase"] = new(OperatorFamily.StringEqualsIgnoreCase, false),
        ["StringNotEqualsIgnoreCase"] = new(OperatorFamily.StringEqualsIgnoreCase, true),
        ["StringLike"] = new(OperatorFamily.StringLike, false),
        ["StringNotLike"] = new(OperatorFamily.StringLike, true),
        ["NumericEquals"] = new(OperatorFamily.Numeric, false),
        ["NumericNotEquals"] = new(OperatorFamily.Numeric, true),
        ["NumericLessThan"] = new(OperatorFamily.Numeric, false, Comparison.LessThan),
        ["NumericLessThanEquals"] = new(OperatorFamily.Numeric, false, Comparison.LessThanEquals),
        ["NumericGreaterThan"] = new(OperatorFamily.Numeric, false, Comparison.GreaterThan),
        ["NumericGreaterThanEquals"] = new(OperatorFamily.Numeric, false, Comparison.GreaterThanEquals),
        ["DateEquals"] = new(OperatorFamily.Date, false),
        ["DateNotEquals"] = new(OperatorFamily.Date, true),
        ["DateLessThan"] = new(OperatorFamily.Date, false, Comparison.LessThan),
        ["DateLessThanEquals"] = new(OperatorFamily.Date, false, Comparison.LessThanEquals),
        ["DateGreaterThan"] = new(OperatorFamily.Date, false, Comparison.GreaterThan),
        ["DateGreaterThanEquals"] = new(OperatorFamily.Date, false, Comparison.GreaterThanEquals),
        ["Bool"] = new(OperatorFamily.Bool, false),
        ["BinaryEquals"] = new(OperatorFamily.Binary, false),
        ["IpAddress"] = new(OperatorFamily.IpAddress, false),
        ["NotIpAddress"] = new(OperatorFamily.IpAddress, true),
        ["ArnEquals"] = new(OperatorFamily.Arn, false),
        ["ArnLike"] = new(OperatorFamily.Arn, false),
        ["ArnNotEquals"] = new(OperatorFamily.Arn, true),
        ["ArnNotLike"] = new(OperatorFamily.Arn, true),
        ["Null"] = new(OperatorFamily.Null, false),
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Splits <c>ForAllValues:StringLikeIfExists</c> into qualifier, base operator and IfExists.</summary>
    public static bool TryParse(string name, out BaseOperator baseOperator, out SetQualifier qualifier, out bool ifExists)
    {
        qualifier = SetQualifier.None;
        ifExists = false;
        var rest = name.AsSpan();
        var colon = rest.IndexOf(':');
        if (colon >= 0)
        {
            var prefix = rest[..colon];
            if (prefix.Equals("ForAnyValue", StringComparison.OrdinalIgnoreCase))
            {
                qualifier = SetQualifier.ForAnyValue;
            }
            else if (prefix.Equals("ForAllValues", StringComparison.OrdinalIgnoreCase))
            {
                qualifier = SetQualifier.ForAllValues;
            }
            else
            {
                baseOperator = default;
                return false;
            }

            rest = rest[(colon + 1)..];
        }

        var lookup = BaseOperators.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(rest, out baseOperator))
        {
            return true;
        }

        // Every operator except Null takes the IfExists suffix.
        if (rest.EndsWith(IfExistsSuffix, StringComparison.OrdinalIgnoreCase)
            && lookup.TryGetValue(rest[..^IfExistsSuffix.Length], out baseOperator)
            && baseOperator.Family != OperatorFamily.Null)
        {
            ifExists = true;
            return true;
        }

        baseOperator = default;
        return false;
    }
}

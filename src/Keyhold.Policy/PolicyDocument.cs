using Keyhold.Policy.Parsing;

namespace Keyhold.Policy;

/// <summary>
/// A parsed and validated IAM policy (key policy or identity policy). Parse once and cache: evaluation with
/// <see cref="PolicyEvaluator.Evaluate"/> reuses the compiled statements and is safe from many threads.
/// </summary>
public sealed class PolicyDocument
{
    private readonly HashSet<string> _referencedKeys;

    internal PolicyDocument(PolicyKind kind, string? version, string? id, PolicyStatement[] statements)
    {
        Kind = kind;
        Version = version;
        Id = id;
        StatementArray = statements;
        Statements = Array.AsReadOnly(statements);
        _referencedKeys = new HashSet<string>(statements.SelectMany(s => s.ReferencedKeys), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Parses and validates a policy.</summary>
    /// <exception cref="PolicyValidationException">
    /// The document is malformed; the message names the problem and the statement (number and Sid), e.g.
    /// <c>Statement 2 (Sid "AllowUse"): unknown condition operator "StringEqual"</c>.
    /// </exception>
    public static PolicyDocument Parse(string json, PolicyKind kind) => PolicyParser.Parse(json, kind);

    /// <summary>The kind the document was validated as; it decides whether statements carry a principal.</summary>
    public PolicyKind Kind { get; }

    /// <summary>The Version element, or null when absent (then, as in AWS, <c>${…}</c> policy variables are literal text).</summary>
    public string? Version { get; }

    /// <summary>The optional Id element.</summary>
    public string? Id { get; }

    /// <summary>The statements in document order (a lone statement object becomes a list of one).</summary>
    public IReadOnlyList<PolicyStatement> Statements { get; }

    /// <summary>The statements as an array, for the evaluator's loop.</summary>
    internal PolicyStatement[] StatementArray { get; }

    /// <summary>
    /// Whether any statement reads the condition key, in a condition or as a policy variable (case-insensitive). Lets
    /// the server skip computing expensive keys such as <c>kms:ResourceAliases</c> when nothing uses them.
    /// </summary>
    public bool ReferencesConditionKey(string key) => _referencedKeys.Contains(key);
}

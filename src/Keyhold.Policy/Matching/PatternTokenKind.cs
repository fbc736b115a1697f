namespace Keyhold.Policy.Matching;

/// <summary>What one piece of a compiled <see cref="WildcardPattern"/> is.</summary>
internal enum PatternTokenKind
{
    /// <summary>Text matched character by character (includes <c>${*}</c>, <c>${?}</c>, <c>${$}</c>, which stand for the literal character).</summary>
    Literal,

    /// <summary>A policy variable such as <c>${aws:username}</c>, replaced by the request's value and then matched literally.</summary>
    Variable,

    /// <summary><c>*</c>: any run of characters, including none.</summary>
    AnyRun,

    /// <summary><c>?</c>: exactly one character.</summary>
    AnyChar,
}

namespace Keyhold.Policy.Matching;

/// <summary>Which special syntax a policy string uses; everything else is literal.</summary>
[Flags]
internal enum PatternSyntax
{
    None = 0,

    /// <summary><c>*</c> and <c>?</c> are wildcards (Action, Resource, StringLike, ArnLike).</summary>
    Wildcards = 1,

    /// <summary><c>${key}</c> is a policy variable (Resource and String/Arn/Bool condition values, in Version 2012-10-17 only).</summary>
    Variables = 2,
}

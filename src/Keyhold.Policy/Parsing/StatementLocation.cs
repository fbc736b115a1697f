namespace Keyhold.Policy.Parsing;

/// <summary>Where a validation error is: the 1-based statement number and its Sid, rendered as <c>Statement 2 (Sid "AllowUse")</c>.</summary>
internal readonly record struct StatementLocation(int Number, string? Sid)
{
    public PolicyValidationException Error(string message) =>
        new(Sid is null ? $"Statement {Number}: {message}" : $"Statement {Number} (Sid \"{Sid}\"): {message}");
}

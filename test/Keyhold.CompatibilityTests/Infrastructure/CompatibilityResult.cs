namespace Keyhold.CompatibilityTests.Infrastructure;

/// <summary>How one client did at one operation in this run.</summary>
public enum Outcome
{
    Passed,
    Failed,

    /// <summary>The client itself cannot express the operation (an older CLI without the command); not a Keyhold failure.</summary>
    NotInClient,
}

/// <summary>One cell of the compatibility matrix: a client, an operation, the outcome and, if any, why.</summary>
public sealed record CompatibilityResult(string Client, string Operation, Outcome Outcome, string? Note);

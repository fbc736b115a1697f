namespace Keyhold.FuzzTests.Protocol.Authentication;

/// <summary>A clock stopped at one instant, so a generated request can be inside or outside the skew window at will.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

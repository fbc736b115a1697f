namespace Keyhold.Protocol.Tests.Authentication;

/// <summary>A clock the test sets by hand (Microsoft.Extensions.TimeProvider.Testing is not referenced here).</summary>
internal sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

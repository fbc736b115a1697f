namespace Keyhold.EndToEndTests.Infrastructure;

/// <summary>The last acknowledged value of something a writer changes, and the value of a change whose outcome it never learnt.</summary>
public sealed class AcknowledgedValue
{
    public string? Acknowledged { get; set; }

    public string? Pending { get; set; }

    public bool Allows(string actual) => actual == Acknowledged || actual == Pending;

    public override string ToString() => $"acknowledged '{Acknowledged}', in flight '{Pending}'";
}

namespace Keyhold.EndToEndTests.Infrastructure;

/// <summary>Upper bounds for every wait in these tests: generous for a slow CI machine, short enough that a hang fails fast.</summary>
public static class TestTimeouts
{
    /// <summary>Start of a .NET process up to a ready server (or its exit with an error).</summary>
    public static readonly TimeSpan ProcessStart = TimeSpan.FromSeconds(60);

    /// <summary>Exit after SIGKILL or SIGTERM.</summary>
    public static readonly TimeSpan ProcessExit = TimeSpan.FromSeconds(30);

    /// <summary>One aws CLI invocation (Python start-up plus one request).</summary>
    public static readonly TimeSpan AwsCli = TimeSpan.FromSeconds(60);

    /// <summary>One request through the AWS SDK for .NET.</summary>
    public static readonly TimeSpan Request = TimeSpan.FromSeconds(30);
}

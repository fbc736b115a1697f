namespace Keyhold.Cli.Tests.Infrastructure;

/// <summary>Unix permission bits of a file the CLI wrote (these tests run on Linux; credentials files must be 0600).</summary>
internal static class FileModes
{
    public static UnixFileMode Of(string path) =>
        OperatingSystem.IsWindows() ? throw new PlatformNotSupportedException("Unix file modes are checked on Linux only.") : File.GetUnixFileMode(path);
}

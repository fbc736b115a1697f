using System.Runtime.CompilerServices;

namespace Keyhold.Cli.Tests.Infrastructure;

/// <summary>
/// Fixes the AWS credentials and config file locations for the whole test process before any test runs. The AWS SDK
/// may read <c>AWS_SHARED_CREDENTIALS_FILE</c> once, at its first use, and a test class outside the shared server's
/// collection can be first; pointing the variable at a server's data directory later would then be ignored. So the
/// location never changes: <see cref="CliServer"/> copies its administrator profile into this file instead.
/// </summary>
internal static class TestEnvironment
{
    public static string CredentialsFile { get; private set; } = string.Empty;

    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries", Justification = "A test assembly: the environment must be fixed before the AWS SDK is first used.")]
    internal static void Initialize()
    {
        var directory = Directory.CreateTempSubdirectory("keyhold-cli-tests-env-").FullName;
        CredentialsFile = Path.Combine(directory, "credentials");
        File.WriteAllText(CredentialsFile, string.Empty);
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", CredentialsFile);
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", Path.Combine(directory, "no-aws-config"));
    }
}

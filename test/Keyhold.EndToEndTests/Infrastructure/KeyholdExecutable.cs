using System.Diagnostics;

namespace Keyhold.EndToEndTests.Infrastructure;

/// <summary>
/// The <c>keyhold</c> command as users run it: <c>dotnet keyhold.dll …</c> from the test output directory, where the
/// project reference to Keyhold.Cli puts it. Children start without inherited AWS_* or KEYHOLD_* settings.
/// </summary>
public static class KeyholdExecutable
{
    public static string AssemblyPath
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "keyhold.dll");
            return File.Exists(path)
                ? path
                : throw new FileNotFoundException($"keyhold.dll is not beside the tests in {AppContext.BaseDirectory}; the ProjectReference to src/Keyhold.Cli should copy it.", path);
        }
    }

    /// <summary>The dotnet host: the one the SDK is running (DOTNET_HOST_PATH), else the one running this test host, else PATH.</summary>
    public static string DotnetHost
    {
        get
        {
            if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
            {
                return host;
            }

            return Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
        }
    }

    public static ProcessStartInfo CreateStartInfo(IEnumerable<string> arguments)
    {
        var startInfo = new ProcessStartInfo(DotnetHost) { UseShellExecute = false };
        startInfo.ArgumentList.Add(AssemblyPath);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        ProcessRunner.ClearInheritedSettings(startInfo);
        return startInfo;
    }

    /// <summary>Runs a keyhold command that is expected to finish by itself (help, refused starts).</summary>
    public static Task<ProcessResult> RunAsync(params string[] arguments) =>
        ProcessRunner.RunAsync(CreateStartInfo(arguments), TestTimeouts.ProcessStart);
}

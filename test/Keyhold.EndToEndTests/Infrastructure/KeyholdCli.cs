namespace Keyhold.EndToEndTests.Infrastructure;

/// <summary>Runs the <c>keyhold</c> executable as a separate process against a server, with its administrator's profile.</summary>
public static class KeyholdCli
{
    /// <summary>Runs <c>keyhold ARGS --endpoint-url … --profile keyhold --region us-east-1</c>; it must succeed. Returns standard output.</summary>
    public static async Task<string> RunAsAdministratorAsync(KeyholdProcess server, TemporaryDirectory files, params string[] arguments)
    {
        var startInfo = KeyholdExecutable.CreateStartInfo([.. arguments, "--endpoint-url", server.Endpoint.ToString(), "--profile", "keyhold", "--region", "us-east-1"]);
        startInfo.Environment["AWS_SHARED_CREDENTIALS_FILE"] = server.CredentialsPath;
        startInfo.Environment["AWS_CONFIG_FILE"] = files.File("no-aws-config");
        var result = await ProcessRunner.RunAsync(startInfo, TestTimeouts.ProcessStart);
        Assert.True(result.ExitCode == 0, $"keyhold {string.Join(' ', arguments)} failed: {result.Describe()}");
        return result.StandardOutput;
    }
}

using System.CommandLine;

namespace Keyhold.Cli;

/// <summary>Entry point of the <c>keyhold</c> command.</summary>
internal static class Program
{
    public static Task<int> Main(string[] args)
    {
        var root = new RootCommand("Keyhold: a self-hosted key management service that speaks the AWS KMS API.")
        {
            ServeCommand.Create(),
            StatusCommand.Create(),
        };
        return root.Parse(args).InvokeAsync();
    }
}

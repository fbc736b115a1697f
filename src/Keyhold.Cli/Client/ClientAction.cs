using System.CommandLine;

namespace Keyhold.Cli.Client;

/// <summary>
/// The action of a command that talks to a server: resolves the <see cref="ClientOptions"/>, runs, and turns a
/// <see cref="CliException"/> into one line on standard error and exit code 1. Output goes to the invocation's
/// writers (the console unless a caller, such as a test, supplies others).
/// </summary>
internal static class ClientAction
{
    public const int Failed = 1;

    public static void Set(Command command, ClientOptions client, Func<CommandContext, Task<int>> run)
    {
        client.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            try
            {
                var connection = client.Resolve(parse);
                return await run(new CommandContext(parse, connection, parse.InvocationConfiguration.Output, error, cancellationToken)).ConfigureAwait(false);
            }
            catch (CliException ex)
            {
                await error.WriteLineAsync($"keyhold: {ex.Message}").ConfigureAwait(false);
                return Failed;
            }
        });
    }
}

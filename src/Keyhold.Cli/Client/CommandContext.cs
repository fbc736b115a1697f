using System.CommandLine;

namespace Keyhold.Cli.Client;

/// <summary>What a client command's action gets: its parsed arguments, the server it talks to and where to write.</summary>
internal sealed record CommandContext(ParseResult Parse, ServerConnection Connection, TextWriter Output, TextWriter Error, CancellationToken CancellationToken);

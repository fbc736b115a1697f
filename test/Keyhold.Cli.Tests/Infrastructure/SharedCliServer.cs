namespace Keyhold.Cli.Tests.Infrastructure;

/// <summary>
/// Every test class shares one server and runs one at a time: the commands find their credentials through the
/// process-wide AWS_SHARED_CREDENTIALS_FILE, and the interruption test sets a hook on the server's rotation service.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedCliServer : ICollectionFixture<CliServer>
{
    public const string Name = "keyhold commands";
}

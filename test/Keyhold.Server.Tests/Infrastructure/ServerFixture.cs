namespace Keyhold.Server.Tests.Infrastructure;

/// <summary>One server shared by the tests of a class (each test creates its own keys, so they do not interfere).</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private TestServer? _server;

    public TestServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

namespace Keyhold.Server.Tests.Infrastructure;

/// <summary>One <c>--dev</c> server shared by the tests of a class: signatures are parsed but not verified, so raw requests need no signer.</summary>
public sealed class DevServerFixture : IAsyncLifetime
{
    private TestServer? _server;

    public TestServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(dev: true);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

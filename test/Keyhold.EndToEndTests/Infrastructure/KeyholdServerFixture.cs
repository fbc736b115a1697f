namespace Keyhold.EndToEndTests.Infrastructure;

/// <summary>
/// One <c>keyhold serve</c> process on a fresh data directory, shared by the tests of a class. xunit calls
/// <see cref="DisposeAsync"/> (the process) before <see cref="Dispose"/> (the directory).
/// </summary>
public sealed class KeyholdServerFixture : IAsyncLifetime, IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private KeyholdProcess? _server;

    public KeyholdProcess Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public TemporaryDirectory Directory => _directory;

    public async Task InitializeAsync() => _server = await KeyholdProcess.StartAsync(_directory.DataDirectory);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public void Dispose() => _directory.Dispose();
}

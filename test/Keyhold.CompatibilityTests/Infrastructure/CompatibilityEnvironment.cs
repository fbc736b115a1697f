using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

namespace Keyhold.CompatibilityTests.Infrastructure;

/// <summary>
/// What every compatibility test shares: one <c>keyhold serve</c> process (signatures verified, not --dev), its
/// administrator, a user without any policy (for AccessDeniedException), a few extra keys so that listings span
/// several pages, and the results of the run. At the end the results are written to artifacts/compatibility
/// (results.json, compatibility-matrix.md) and, with KEYHOLD_UPDATE_COMPATIBILITY_DOC=1, into docs/compatibility.md.
/// </summary>
public sealed class CompatibilityEnvironment : IAsyncLifetime, IDisposable
{
    public const string DeniedUser = "compat-denied";
    private const int ExtraKeys = 4;
    private readonly TemporaryDirectory _directory = new();
    private KeyholdProcess? _server;
    private Credentials? _administrator;
    private Credentials? _denied;

    public KeyholdProcess Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public TemporaryDirectory Files => _directory;

    internal Credentials Administrator => _administrator ?? throw new InvalidOperationException("The server has not started.");

    /// <summary>A user of the same account with no identity policy: the default key policy gives it nothing.</summary>
    internal Credentials Denied => _denied ?? throw new InvalidOperationException("The server has not started.");

    public CompatibilityResults Results { get; } = new();

    public async Task InitializeAsync()
    {
        _server = await KeyholdProcess.StartAsync(_directory.DataDirectory);
        _administrator = Credentials.Read(_server.CredentialsPath);
        var deniedFile = _directory.File("denied-credentials");
        await KeyholdCli.RunAsAdministratorAsync(_server, _directory, "users", "create", DeniedUser);
        await KeyholdCli.RunAsAdministratorAsync(_server, _directory, "access-keys", "create", "--user", DeniedUser, "--output-file", deniedFile);
        _denied = Credentials.Read(deniedFile);

        using var kms = CreateDotnetClient();
        for (var i = 0; i < ExtraKeys; i++)
        {
            await kms.CreateKeyAsync(new CreateKeyRequest { Description = "compatibility: so that listings span pages" }).WaitAsync(TestTimeouts.Request);
        }
    }

    public async Task DisposeAsync()
    {
        try
        {
            WriteResults();
        }
        finally
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }
        }
    }

    /// <summary>xunit calls this after <see cref="DisposeAsync"/> (the process): then the directory can go.</summary>
    public void Dispose() => _directory.Dispose();

    /// <summary>An AWS SDK for .NET client as the administrator (no retries).</summary>
    public AmazonKeyManagementServiceClient CreateDotnetClient() => KmsClients.Create(Server);

    private void WriteResults()
    {
        var results = Results.Snapshot();
        if (results.Count == 0)
        {
            return;
        }

        CompatibilityResults.Save(results, Path.Combine(RepositoryPaths.Artifacts, "results.json"));
        var matrix = CompatibilityMatrix.Render(results, ClientNames.All, OperationNames.All);
        File.WriteAllText(Path.Combine(RepositoryPaths.Artifacts, "compatibility-matrix.md"), matrix);
        if (Environment.GetEnvironmentVariable("KEYHOLD_UPDATE_COMPATIBILITY_DOC") == "1")
        {
            var document = RepositoryPaths.CompatibilityDocument;
            File.WriteAllText(document, CompatibilityMatrix.ReplaceMatrix(File.ReadAllText(document), matrix));
        }
    }
}

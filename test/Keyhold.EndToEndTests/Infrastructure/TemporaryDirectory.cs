namespace Keyhold.EndToEndTests.Infrastructure;

/// <summary>A private temporary directory removed on dispose. <see cref="DataDirectory"/> is left for the server to create.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory()
    {
        Root = Directory.CreateTempSubdirectory("keyhold-e2e-").FullName;
    }

    public string Root { get; }

    /// <summary>A data directory that does not exist yet, so <c>keyhold serve</c> creates it (and sets its mode).</summary>
    public string DataDirectory => Path.Combine(Root, "data");

    public string File(string name) => Path.Combine(Root, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temporary directory is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }
}

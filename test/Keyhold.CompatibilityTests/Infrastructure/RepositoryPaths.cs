namespace Keyhold.CompatibilityTests.Infrastructure;

/// <summary>Where the suite finds its client scripts and writes its results: found from the test output directory upward.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> LocatedRoot = new(LocateRoot);

    /// <summary>The directory that holds Keyhold.slnx.</summary>
    public static string Root => LocatedRoot.Value;

    public static string Clients => Path.Combine(Root, "test", "Keyhold.CompatibilityTests", "clients");

    public static string JavaScriptClients => Path.Combine(Clients, "js");

    public static string PythonClients => Path.Combine(Clients, "python");

    /// <summary>The run's results (<c>results.json</c>) and the matrix generated from them.</summary>
    public static string Artifacts => Path.Combine(Root, "artifacts", "compatibility");

    public static string CompatibilityDocument => Path.Combine(Root, "docs", "compatibility.md");

    private static string LocateRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Keyhold.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Keyhold.slnx above {AppContext.BaseDirectory}: the compatibility suite runs from a checkout.");
    }
}

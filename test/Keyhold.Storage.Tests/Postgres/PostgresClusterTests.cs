namespace Keyhold.Storage.Tests.Postgres;

/// <summary>How the test cluster finds PostgreSQL, checked on fake installations.</summary>
public sealed class PostgresClusterTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("keyhold-pgbin-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void FindBinaries_NothingInstalled_ThrowsTellingHowToInstall()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => PostgresCluster.FindBinaries(Path.Combine(_root, "missing"), _root));

        Assert.Equal(PostgresCluster.InstallHint, ex.Message);
        Assert.StartsWith("PostgreSQL is not installed: apt-get install -y postgresql", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FindBinaries_SeveralDebianVersions_PicksTheHighestNumerically()
    {
        foreach (var version in new[] { "9.6", "16", "15", "latest" })
        {
            Install(Path.Combine(_root, "lib", version, "bin"));
        }

        var (initDb, pgCtl) = PostgresCluster.FindBinaries(Path.Combine(_root, "lib"), Install(Path.Combine(_root, "path")));

        Assert.Equal(Path.Combine(_root, "lib", "16", "bin", "initdb"), initDb);
        Assert.Equal(Path.Combine(_root, "lib", "16", "bin", "pg_ctl"), pgCtl);
    }

    [Fact]
    public void FindBinaries_OnlyOnPath_PicksFirstDirectoryWithBoth()
    {
        var incomplete = Path.Combine(_root, "a");
        Directory.CreateDirectory(incomplete);
        File.WriteAllText(Path.Combine(incomplete, "initdb"), string.Empty);
        var complete = Install(Path.Combine(_root, "b"));

        var (initDb, _) = PostgresCluster.FindBinaries(Path.Combine(_root, "missing"), string.Join(Path.PathSeparator, incomplete, complete));

        Assert.Equal(Path.Combine(complete, "initdb"), initDb);
    }

    private static string Install(string bin)
    {
        Directory.CreateDirectory(bin);
        File.WriteAllText(Path.Combine(bin, "initdb"), string.Empty);
        File.WriteAllText(Path.Combine(bin, "pg_ctl"), string.Empty);
        return bin;
    }
}

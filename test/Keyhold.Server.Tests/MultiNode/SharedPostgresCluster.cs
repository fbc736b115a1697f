namespace Keyhold.Server.Tests.MultiNode;

/// <summary>The multi-node test classes share one throwaway PostgreSQL cluster; each test gets its own database in it.</summary>
[CollectionDefinition(Name)]
public sealed class SharedPostgresCluster : ICollectionFixture<PostgresCluster>
{
    public const string Name = "PostgreSQL cluster (multi-node)";
}

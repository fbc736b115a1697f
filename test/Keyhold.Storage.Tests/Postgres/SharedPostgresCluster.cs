namespace Keyhold.Storage.Tests.Postgres;

/// <summary>
/// Test classes in this collection share one <see cref="PostgresCluster"/> for the whole run (each test gets its own
/// database in it), started before the first of them and removed after the last.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedPostgresCluster : ICollectionFixture<PostgresCluster>
{
    public const string Name = "PostgreSQL cluster";
}

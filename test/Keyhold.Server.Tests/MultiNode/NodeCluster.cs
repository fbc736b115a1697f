using Keyhold.Server.Hosting;
using Keyhold.Server.Tests.Infrastructure;

namespace Keyhold.Server.Tests.MultiNode;

/// <summary>
/// Several Keyhold nodes, each a real server with its own data directory and port, over one PostgreSQL database, set
/// up as docs/operations/scale-out.md tells operators: the first node starts alone and creates the root key and the
/// administrator credentials; the others get copies of root.key (and the credentials file) before they start.
/// </summary>
public sealed class NodeCluster : IAsyncDisposable
{
    private readonly PostgresCluster _postgres;
    private readonly string _database;
    private readonly List<TestServer> _nodes = [];
    private readonly List<string> _directories = [];

    private NodeCluster(PostgresCluster postgres, string database)
    {
        _postgres = postgres;
        _database = database;
    }

    public IReadOnlyList<TestServer> Nodes => _nodes;

    public string ConnectionString => _postgres.ConnectionString(_database);

    public static async Task<NodeCluster> StartAsync(PostgresCluster postgres, int nodes, TimeProvider? time = null, bool dev = false, Action<KeyholdOptions>? configure = null)
    {
        var cluster = new NodeCluster(postgres, postgres.RentDatabase());
        try
        {
            for (var i = 0; i < nodes; i++)
            {
                var directory = Directory.CreateTempSubdirectory($"keyhold-node{i}-").FullName;
                cluster._directories.Add(directory);
                if (i > 0)
                {
                    var first = cluster._directories[0];
                    File.Copy(Path.Combine(first, "root.key"), Path.Combine(directory, "root.key"));
                    if (File.Exists(Path.Combine(first, "admin-credentials")))
                    {
                        File.Copy(Path.Combine(first, "admin-credentials"), Path.Combine(directory, "admin-credentials"));
                    }
                }

                cluster._nodes.Add(await TestServer.StartAsync(directory, time, dev, options =>
                {
                    options.Storage = StorageKinds.Postgres;
                    options.ConnectionString = cluster.ConnectionString;
                    configure?.Invoke(options);
                }));
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops one node (its directory stays until the cluster is disposed).</summary>
    public async Task StopNodeAsync(int index) => await _nodes[index].StopAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            // A node the test stopped already is disposed again harmlessly.
            await node.Server.DisposeAsync();
        }

        foreach (var directory in _directories)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort.
            }
        }

        _postgres.ReturnDatabase(_database);
    }
}

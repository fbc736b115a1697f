using Keyhold.Core.Storage;
using Keyhold.Storage.Postgres;
using Keyhold.Storage.Sqlite;

namespace Keyhold.Server.Hosting;

/// <summary>The store backends <c>--storage</c> selects.</summary>
public static class StorageKinds
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    internal static IKeyholdStore Create(KeyholdOptions options, DataDirectory directory, TimeProvider time) => options.Storage switch
    {
        Sqlite => new SqliteKeyholdStore(new SqliteStoreOptions { DatabasePath = directory.Database }, time),
        Postgres when !string.IsNullOrWhiteSpace(options.ConnectionString) =>
            new PostgresKeyholdStore(new PostgresStoreOptions { ConnectionString = options.ConnectionString }, time),
        Postgres => throw new KeyholdStartupException("--storage postgres needs --connection-string (or KEYHOLD_CONNECTION_STRING), e.g. \"Host=db;Database=keyhold;Username=keyhold;Password=…\"."),
        _ => throw new KeyholdStartupException($"--storage '{options.Storage}' is not a store Keyhold knows; use sqlite or postgres."),
    };
}

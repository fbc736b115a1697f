namespace Keyhold.Storage.Sqlite;

public sealed partial class SqliteKeyholdStore
{
    /// <inheritdoc/>
    public async Task<bool> HasDataAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_databasePath))
        {
            return false;
        }

        return await ReadAsync("HasData", 0, static (session, _) =>
            session.Command("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'domain_keys'").ExecuteScalar() is long tables
            && tables > 0
            && session.Command("SELECT EXISTS (SELECT 1 FROM domain_keys)").ExecuteScalar() is long any
            && any == 1, cancellationToken).ConfigureAwait(false);
    }
}

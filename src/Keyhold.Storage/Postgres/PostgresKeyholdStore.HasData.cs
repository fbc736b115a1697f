namespace Keyhold.Storage.Postgres;

public sealed partial class PostgresKeyholdStore
{
    /// <inheritdoc/>
    public Task<bool> HasDataAsync(CancellationToken cancellationToken) =>
        ReadAsync("HasData", 0, static async (session, _) =>
        {
            var tables = session.Command("SELECT to_regclass('domain_keys') IS NOT NULL");
            await using var tablesScope = tables.ConfigureAwait(false);
            if (await tables.ExecuteScalarAsync(session.CancellationToken).ConfigureAwait(false) is not true)
            {
                return false;
            }

            var rows = session.Command("SELECT EXISTS (SELECT 1 FROM domain_keys)");
            await using var rowsScope = rows.ConfigureAwait(false);
            return await rows.ExecuteScalarAsync(session.CancellationToken).ConfigureAwait(false) is true;
        }, cancellationToken);
}

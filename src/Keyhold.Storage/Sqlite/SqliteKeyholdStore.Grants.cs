using Keyhold.Core.Grants;
using Keyhold.Core.Storage;
using Keyhold.Storage.Shared;

namespace Keyhold.Storage.Sqlite;

public sealed partial class SqliteKeyholdStore
{
    /// <summary>
    /// Looks for a same-name grant with the same parameters and inserts only if there is none, in one write
    /// transaction: SQLite writers are serialized (<c>BEGIN IMMEDIATE</c>), across processes too, so two racing
    /// retries cannot both insert. <see cref="StoreConflictException"/> if the key does not exist in the grant's
    /// account and region (foreign key) or the id or token is taken.
    /// </summary>
    public Task<GrantRecord> CreateGrantAsync(GrantRecord grant, CancellationToken cancellationToken)
    {
        GrantRows.Validate(grant);
        return WriteAsync("CreateGrant", grant, static (session, grant) =>
        {
            if (grant.Name is not null)
            {
                var sameName = session.Command(GrantRows.ByNameSql)
                    .Bind("@keyId", grant.KeyId)
                    .Bind("@name", grant.Name)
                    .ReadAll(GrantRows.ReadGrant);
                if (sameName.Find(grant.HasSameParameters) is { } existing)
                {
                    return existing;
                }
            }

            session.Command(GrantRows.InsertSql)
                .Bind("@grantId", grant.GrantId)
                .Bind("@accountId", grant.AccountId)
                .Bind("@region", grant.Region)
                .Bind("@keyId", grant.KeyId)
                .Bind("@name", grant.Name)
                .Bind("@granteePrincipal", grant.GranteePrincipal)
                .Bind("@retiringPrincipal", grant.RetiringPrincipal)
                .Bind("@issuingAccount", grant.IssuingAccount)
                .Bind("@operations", GrantRows.FormatOperations(grant.Operations))
                .Bind("@ecEquals", GrantRows.FormatContext(grant.EncryptionContextEquals))
                .Bind("@ecSubset", GrantRows.FormatContext(grant.EncryptionContextSubset))
                .Bind("@grantToken", grant.GrantToken)
                .Bind("@creationDate", SqliteValues.ToMilliseconds(grant.CreationDate))
                .ExecuteNonQuery();
            return GrantRows.AsStored(grant);
        }, cancellationToken);
    }

    public Task<GrantRecord?> GetGrantAsync(string keyId, string grantId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        ArgumentNullException.ThrowIfNull(grantId);
        return ReadAsync("GetGrant", (keyId, grantId), static (session, args) => session
            .Command($"SELECT {GrantRows.Columns} FROM grants WHERE grant_id = @grantId AND key_id = @keyId")
            .Bind("@keyId", args.keyId)
            .Bind("@grantId", args.grantId)
            .ReadSingle(GrantRows.ReadGrant), cancellationToken);
    }

    public Task<GrantRecord?> GetGrantByTokenAsync(string grantToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grantToken);
        return ReadAsync("GetGrantByToken", grantToken, static (session, grantToken) => session
            .Command($"SELECT {GrantRows.Columns} FROM grants WHERE grant_token = @grantToken")
            .Bind("@grantToken", grantToken)
            .ReadSingle(GrantRows.ReadGrant), cancellationToken);
    }

    /// <summary>Keyset pagination by grant id over the (key_id, grant_id) index; each filter that is set narrows the range.</summary>
    public Task<IReadOnlyList<GrantRecord>> ListGrantsAsync(
        string keyId, string? grantId, string? granteePrincipal, string? afterGrantId, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync("ListGrants", (keyId, grantId, granteePrincipal, afterGrantId, limit), static IReadOnlyList<GrantRecord> (session, args) =>
        {
            var sql = GrantRows.ListSql(byGrantId: args.grantId is not null, byGrantee: args.granteePrincipal is not null);
            var command = session.Command(sql)
                .Bind("@keyId", args.keyId)
                .Bind("@after", args.afterGrantId ?? string.Empty)
                .Bind("@limit", args.limit);
            if (args.grantId is not null)
            {
                command.Bind("@grantId", args.grantId);
            }

            if (args.granteePrincipal is not null)
            {
                command.Bind("@granteePrincipal", args.granteePrincipal);
            }

            return command.ReadAll(GrantRows.ReadGrant);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<GrantRecord>> ListRetirableGrantsAsync(string retiringPrincipal, string? afterGrantId, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(retiringPrincipal);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync("ListRetirableGrants", (retiringPrincipal, afterGrantId, limit), static IReadOnlyList<GrantRecord> (session, args) => session
            .Command(
                $"SELECT {GrantRows.Columns} FROM grants WHERE retiring_principal = @retiringPrincipal AND grant_id > @after " +
                "ORDER BY grant_id LIMIT @limit")
            .Bind("@retiringPrincipal", args.retiringPrincipal)
            .Bind("@after", args.afterGrantId ?? string.Empty)
            .Bind("@limit", args.limit)
            .ReadAll(GrantRows.ReadGrant), cancellationToken);
    }

    /// <summary>Served by the (key_id, grantee_principal) index.</summary>
    public Task<IReadOnlyList<GrantRecord>> GetGrantsForGranteeAsync(string keyId, string granteePrincipal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        ArgumentNullException.ThrowIfNull(granteePrincipal);
        return ReadAsync("GetGrantsForGrantee", (keyId, granteePrincipal), static IReadOnlyList<GrantRecord> (session, args) => session
            .Command($"SELECT {GrantRows.Columns} FROM grants WHERE key_id = @keyId AND grantee_principal = @granteePrincipal ORDER BY grant_id")
            .Bind("@keyId", args.keyId)
            .Bind("@granteePrincipal", args.granteePrincipal)
            .ReadAll(GrantRows.ReadGrant), cancellationToken);
    }

    public Task<bool> DeleteGrantAsync(string keyId, string grantId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        ArgumentNullException.ThrowIfNull(grantId);
        return WriteAsync("DeleteGrant", (keyId, grantId), static (session, args) => session
            .Command("DELETE FROM grants WHERE grant_id = @grantId AND key_id = @keyId")
            .Bind("@keyId", args.keyId)
            .Bind("@grantId", args.grantId)
            .ExecuteNonQuery() > 0, cancellationToken);
    }
}

using Keyhold.Core.Grants;
using Keyhold.Core.Storage;
using Keyhold.Storage.Shared;

namespace Keyhold.Storage.Postgres;

public sealed partial class PostgresKeyholdStore
{
    /// <summary>
    /// First key of the two-key advisory lock that serializes named CreateGrant calls per key ("GRNT" in ASCII); the
    /// second is <c>hashtext(key_id)</c>. Two-key advisory locks never collide with the one-key (bigint) locks of
    /// migrations and the audit chain, and a hash collision between keys only makes two keys' creations queue.
    /// </summary>
    internal const int GrantLockNamespace = 0x47524E54;

    /// <summary>
    /// For a named grant, takes the key's transaction-scoped advisory lock before looking for a same-name grant with
    /// the same parameters, so two nodes racing the same retry serialize: the second finds the first's committed grant
    /// and returns it. (An unnamed grant needs no lock: nothing is looked up.) The insert's foreign-key check takes a
    /// KEY SHARE lock on the key, so a concurrent DeleteKey (FOR UPDATE) makes it wait and then fail.
    /// <see cref="StoreConflictException"/> if the key does not exist in the grant's account and region or the id or
    /// token is taken.
    /// </summary>
    public Task<GrantRecord> CreateGrantAsync(GrantRecord grant, CancellationToken cancellationToken)
    {
        GrantRows.Validate(grant);
        return WriteAsync("CreateGrant", grant, static async (session, grant) =>
        {
            var ct = session.CancellationToken;
            if (grant.Name is not null)
            {
                await session.Command("SELECT pg_advisory_xact_lock(@namespace, hashtext(@keyId))")
                    .Bind("namespace", GrantLockNamespace)
                    .Bind("keyId", grant.KeyId)
                    .ExecuteAsync(ct).ConfigureAwait(false);
                var sameName = await session.Command(GrantRows.ByNameSql)
                    .Bind("keyId", grant.KeyId)
                    .Bind("name", grant.Name)
                    .ReadAllAsync(GrantRows.ReadGrant, ct).ConfigureAwait(false);
                if (sameName.FirstOrDefault(grant.HasSameParameters) is { } existing)
                {
                    return existing;
                }
            }

            await session.Command(GrantRows.InsertSql)
                .Bind("grantId", grant.GrantId)
                .Bind("accountId", grant.AccountId)
                .Bind("region", grant.Region)
                .Bind("keyId", grant.KeyId)
                .Bind("name", grant.Name)
                .Bind("granteePrincipal", grant.GranteePrincipal)
                .Bind("retiringPrincipal", grant.RetiringPrincipal)
                .Bind("issuingAccount", grant.IssuingAccount)
                .Bind("operations", GrantRows.FormatOperations(grant.Operations))
                .Bind("ecEquals", GrantRows.FormatContext(grant.EncryptionContextEquals))
                .Bind("ecSubset", GrantRows.FormatContext(grant.EncryptionContextSubset))
                .Bind("grantToken", grant.GrantToken)
                .Bind("creationDate", PostgresValues.ToMilliseconds(grant.CreationDate))
                .ExecuteAsync(ct).ConfigureAwait(false);
            return GrantRows.AsStored(grant);
        }, cancellationToken);
    }

    public Task<GrantRecord?> GetGrantAsync(string keyId, string grantId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        ArgumentNullException.ThrowIfNull(grantId);
        return ReadAsync("GetGrant", (keyId, grantId), static (session, args) => session
            .Command($"SELECT {GrantRows.Columns} FROM grants WHERE grant_id = @grantId AND key_id = @keyId")
            .Bind("keyId", args.keyId)
            .Bind("grantId", args.grantId)
            .ReadSingleAsync(GrantRows.ReadGrant, session.CancellationToken), cancellationToken);
    }

    public Task<GrantRecord?> GetGrantByTokenAsync(string grantToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grantToken);
        return ReadAsync("GetGrantByToken", grantToken, static (session, grantToken) => session
            .Command($"SELECT {GrantRows.Columns} FROM grants WHERE grant_token = @grantToken")
            .Bind("grantToken", grantToken)
            .ReadSingleAsync(GrantRows.ReadGrant, session.CancellationToken), cancellationToken);
    }

    /// <summary>Keyset pagination in byte order (grant_id is COLLATE "C"); each filter that is set narrows the range.</summary>
    public Task<IReadOnlyList<GrantRecord>> ListGrantsAsync(
        string keyId, string? grantId, string? granteePrincipal, string? afterGrantId, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync("ListGrants", (keyId, grantId, granteePrincipal, afterGrantId, limit), static (session, args) =>
        {
            var sql = GrantRows.ListSql(byGrantId: args.grantId is not null, byGrantee: args.granteePrincipal is not null);
            var command = session.Command(sql)
                .Bind("keyId", args.keyId)
                .Bind("after", args.afterGrantId ?? string.Empty)
                .Bind("limit", args.limit);
            if (args.grantId is not null)
            {
                command.Bind("grantId", args.grantId);
            }

            if (args.granteePrincipal is not null)
            {
                command.Bind("granteePrincipal", args.granteePrincipal);
            }

            return command.ReadAllAsync(GrantRows.ReadGrant, session.CancellationToken);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<GrantRecord>> ListRetirableGrantsAsync(string retiringPrincipal, string? afterGrantId, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(retiringPrincipal);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync("ListRetirableGrants", (retiringPrincipal, afterGrantId, limit), static (session, args) => session
            .Command(
                $"SELECT {GrantRows.Columns} FROM grants WHERE retiring_principal = @retiringPrincipal AND grant_id > @after " +
                "ORDER BY grant_id LIMIT @limit")
            .Bind("retiringPrincipal", args.retiringPrincipal)
            .Bind("after", args.afterGrantId ?? string.Empty)
            .Bind("limit", args.limit)
            .ReadAllAsync(GrantRows.ReadGrant, session.CancellationToken), cancellationToken);
    }

    /// <summary>Served by the (key_id, grantee_principal) index.</summary>
    public Task<IReadOnlyList<GrantRecord>> GetGrantsForGranteeAsync(string keyId, string granteePrincipal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        ArgumentNullException.ThrowIfNull(granteePrincipal);
        return ReadAsync("GetGrantsForGrantee", (keyId, granteePrincipal), static (session, args) => session
            .Command($"SELECT {GrantRows.Columns} FROM grants WHERE key_id = @keyId AND grantee_principal = @granteePrincipal ORDER BY grant_id")
            .Bind("keyId", args.keyId)
            .Bind("granteePrincipal", args.granteePrincipal)
            .ReadAllAsync(GrantRows.ReadGrant, session.CancellationToken), cancellationToken);
    }

    public Task<bool> DeleteGrantAsync(string keyId, string grantId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        ArgumentNullException.ThrowIfNull(grantId);
        return WriteAsync("DeleteGrant", (keyId, grantId), static async (session, args) => await session
            .Command("DELETE FROM grants WHERE grant_id = @grantId AND key_id = @keyId")
            .Bind("keyId", args.keyId)
            .Bind("grantId", args.grantId)
            .ExecuteAsync(session.CancellationToken).ConfigureAwait(false) > 0, cancellationToken);
    }
}

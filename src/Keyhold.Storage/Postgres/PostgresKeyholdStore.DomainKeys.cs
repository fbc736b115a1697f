using Keyhold.Core.Protection;

namespace Keyhold.Storage.Postgres;

public sealed partial class PostgresKeyholdStore
{
    public Task<IReadOnlyList<DomainKeyRecord>> GetDomainKeysAsync(CancellationToken cancellationToken) =>
        ReadAsync("GetDomainKeys", 0, static (session, _) => session
            .Command("SELECT id, wrapped_key, root_key_fingerprint, created_at FROM domain_keys ORDER BY id")
            .ReadAllAsync(static r => new DomainKeyRecord(r.GetInt32(0), r.GetBytes(1), r.GetString(2), r.GetTimestamp(3)), session.CancellationToken), cancellationToken);

    /// <summary>Stores the domain key; <see cref="Core.Storage.StoreConflictException"/> if its id exists.</summary>
    public Task AddDomainKeyAsync(DomainKeyRecord domainKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domainKey);
        return WriteAsync("AddDomainKey", domainKey, static (session, domainKey) => session
            .Command(
                "INSERT INTO domain_keys (id, wrapped_key, root_key_fingerprint, created_at) " +
                "VALUES (@id, @wrappedKey, @fingerprint, @createdAt)")
            .Bind("id", domainKey.Id)
            .Bind("wrappedKey", domainKey.WrappedKey)
            .Bind("fingerprint", domainKey.RootKeyFingerprint)
            .Bind("createdAt", PostgresValues.ToMilliseconds(domainKey.CreatedAt))
            .ExecuteAsync(session.CancellationToken), cancellationToken);
    }
}

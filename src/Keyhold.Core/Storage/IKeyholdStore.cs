using Keyhold.Core.Accounts;
using Keyhold.Core.Aliases;
using Keyhold.Core.Audit;
using Keyhold.Core.Grants;
using Keyhold.Core.Keys;
using Keyhold.Core.Protection;
using Keyhold.Core.Usage;

namespace Keyhold.Core.Storage;

/// <summary>
/// The store contract every backend implements (SQLite now, PostgreSQL later). Every method is one transaction;
/// a returned task means the write is durable. Nothing above this interface knows which backend runs, and nothing
/// in it assumes a single node: updates are compare-and-swap on <see cref="KeyRecord.RowVersion"/>, and creations
/// that can race report <see cref="StoreConflictException"/>.
/// </summary>
public interface IKeyholdStore : IAsyncDisposable
{
    /// <summary>Creates or upgrades the schema; safe to call from several nodes at once.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Whether the store already holds Keyhold data (a schema with at least one domain key). False for a missing or
    /// empty database; <see cref="StoreUnavailableException"/> if the store cannot be reached. Never creates anything:
    /// the server asks this before deciding whether it may create a new root key.
    /// </summary>
    Task<bool> HasDataAsync(CancellationToken cancellationToken);

    // Domain keys (see docs/designs/key-hierarchy.md).
    Task<IReadOnlyList<DomainKeyRecord>> GetDomainKeysAsync(CancellationToken cancellationToken);

    /// <summary>Adds a domain key; throws <see cref="StoreConflictException"/> if the id exists.</summary>
    Task AddDomainKeyAsync(DomainKeyRecord domainKey, CancellationToken cancellationToken);

    // Accounts and access keys.
    Task<IReadOnlyList<string>> GetAccountIdsAsync(CancellationToken cancellationToken);

    Task AddAccountAsync(string accountId, DateTimeOffset createdAt, CancellationToken cancellationToken);

    Task<AccessKeyRecord?> GetAccessKeyAsync(string accessKeyId, CancellationToken cancellationToken);

    Task AddAccessKeyAsync(AccessKeyRecord accessKey, CancellationToken cancellationToken);

    /// <summary>Every access key of the account (root's and users'), ordered by creation time then id.</summary>
    Task<IReadOnlyList<AccessKeyRecord>> ListAccessKeysAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>Activates or deactivates the access key; false if it does not exist.</summary>
    Task<bool> SetAccessKeyActiveAsync(string accessKeyId, bool active, CancellationToken cancellationToken);

    /// <summary>Deletes the access key; false if it does not exist.</summary>
    Task<bool> DeleteAccessKeyAsync(string accessKeyId, CancellationToken cancellationToken);

    // Users and their identity policies.
    /// <summary>
    /// Creates the user; throws <see cref="StoreConflictException"/> if the name is taken in the account, compared without
    /// regard to case as IAM does ("Alice" blocks "alice"). Lookups by name are exact.
    /// </summary>
    Task AddUserAsync(UserRecord user, CancellationToken cancellationToken);

    Task<UserRecord?> GetUserAsync(string accountId, string userName, CancellationToken cancellationToken);

    /// <summary>Users of the account ordered by name.</summary>
    Task<IReadOnlyList<UserRecord>> ListUsersAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>Deletes the user with its access keys and identity policies in one transaction; false if it does not exist.</summary>
    Task<bool> DeleteUserAsync(string accountId, string userName, CancellationToken cancellationToken);

    /// <summary>Adds or replaces the user's policy of that name; false if the user does not exist.</summary>
    Task<bool> PutUserPolicyAsync(UserPolicyRecord policy, CancellationToken cancellationToken);

    /// <summary>The user's identity policies ordered by name (empty if the user has none or does not exist).</summary>
    Task<IReadOnlyList<UserPolicyRecord>> GetUserPoliciesAsync(string accountId, string userName, CancellationToken cancellationToken);

    /// <summary>Deletes the user's policy of that name; false if it does not exist.</summary>
    Task<bool> DeleteUserPolicyAsync(string accountId, string userName, string policyName, CancellationToken cancellationToken);

    // Keys.
    /// <summary>Creates the key with its first material version and tags atomically.</summary>
    Task CreateKeyAsync(KeyRecord key, KeyMaterialRecord material, IReadOnlyList<KeyTag> tags, CancellationToken cancellationToken);

    Task<KeyRecord?> GetKeyAsync(string accountId, string region, string keyId, CancellationToken cancellationToken);

    /// <summary>Keys of one account and region ordered by key id, starting after <paramref name="afterKeyId"/>.</summary>
    Task<IReadOnlyList<KeyRecord>> ListKeysAsync(string accountId, string region, string? afterKeyId, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the key's row if its stored <see cref="KeyRecord.RowVersion"/> still equals <paramref name="key"/>'s;
    /// returns the stored record (with the new row version) or throws <see cref="StoreConflictException"/>.
    /// </summary>
    Task<KeyRecord> UpdateKeyAsync(KeyRecord key, CancellationToken cancellationToken);

    /// <summary>Keys in PendingDeletion whose deletion date is at or before <paramref name="now"/>, any account.</summary>
    Task<IReadOnlyList<KeyRecord>> GetKeysDueForDeletionAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the key, all its material, tags, usage, grants and aliases, if its row version still matches; each alias removed
    /// gets a Delete history entry with ChangedBy <c>keyhold:key-deletion</c>.
    /// </summary>
    Task<bool> DeleteKeyAsync(KeyRecord key, CancellationToken cancellationToken);

    Task<IReadOnlyList<KeyMaterialRecord>> GetKeyMaterialsAsync(string keyId, CancellationToken cancellationToken);

    /// <summary>
    /// Rotation: inserts a new material version and replaces the key's row (typically with a new
    /// <see cref="KeyRecord.CurrentMaterialVersion"/> and <see cref="KeyRecord.NextRotationDate"/>) in one transaction,
    /// compare-and-swap on <see cref="KeyRecord.RowVersion"/> like <see cref="UpdateKeyAsync"/>. Throws
    /// <see cref="StoreConflictException"/> if the row version changed or the material version exists.
    /// </summary>
    Task<KeyRecord> AddKeyMaterialAsync(KeyRecord key, KeyMaterialRecord material, CancellationToken cancellationToken);

    /// <summary>Enabled keys whose <see cref="KeyRecord.NextRotationDate"/> is at or before <paramref name="now"/>, any account, soonest first.</summary>
    Task<IReadOnlyList<KeyRecord>> GetKeysDueForRotationAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    // Grants.
    /// <summary>
    /// Stores the grant, unless a grant of the same key with the same non-null <see cref="GrantRecord.Name"/> and the same
    /// parameters (<see cref="GrantRecord.HasSameParameters"/>) exists: then nothing is written and that grant is returned
    /// (CreateGrant's retry idempotency; atomic even when nodes race). Otherwise returns <paramref name="grant"/> as
    /// stored (creation date truncated to the millisecond). Throws <see cref="StoreConflictException"/> if the key does
    /// not exist in the grant's account and region, or the grant id or token is taken.
    /// </summary>
    Task<GrantRecord> CreateGrantAsync(GrantRecord grant, CancellationToken cancellationToken);

    Task<GrantRecord?> GetGrantAsync(string keyId, string grantId, CancellationToken cancellationToken);

    Task<GrantRecord?> GetGrantByTokenAsync(string grantToken, CancellationToken cancellationToken);

    /// <summary>Grants of one key ordered by grant id, after <paramref name="afterGrantId"/>, optionally filtered.</summary>
    Task<IReadOnlyList<GrantRecord>> ListGrantsAsync(
        string keyId, string? grantId, string? granteePrincipal, string? afterGrantId, int limit, CancellationToken cancellationToken);

    /// <summary>Grants (any key, any account) whose retiring principal is <paramref name="retiringPrincipal"/>, ordered by grant id.</summary>
    Task<IReadOnlyList<GrantRecord>> ListRetirableGrantsAsync(string retiringPrincipal, string? afterGrantId, int limit, CancellationToken cancellationToken);

    /// <summary>The key's grants whose grantee is <paramref name="granteePrincipal"/> (the authorization hot path).</summary>
    Task<IReadOnlyList<GrantRecord>> GetGrantsForGranteeAsync(string keyId, string granteePrincipal, CancellationToken cancellationToken);

    /// <summary>Deletes the grant (retire or revoke); false if it does not exist.</summary>
    Task<bool> DeleteGrantAsync(string keyId, string grantId, CancellationToken cancellationToken);

    // Audit trail (docs/designs/audit.md).
    /// <summary>
    /// Appends the events to the installation-wide hash chain in one transaction, in list order: each gets the next
    /// sequence number, the previous event's hash and <see cref="IAuditChainHasher.ComputeHash"/>. Serialized across
    /// nodes (the chain never forks). Returns the stored records (event times truncated to the millisecond). A duplicate
    /// event id throws <see cref="StoreConflictException"/> and appends none of the batch.
    /// </summary>
    Task<IReadOnlyList<AuditEventRecord>> AppendAuditEventsAsync(
        IReadOnlyList<AuditEventDraft> events, IAuditChainHasher hasher, CancellationToken cancellationToken);

    /// <summary>Events matching the query, ordered by sequence, at most <see cref="AuditQuery.Limit"/>.</summary>
    Task<IReadOnlyList<AuditEventRecord>> ListAuditEventsAsync(AuditQuery query, CancellationToken cancellationToken);

    /// <summary>The stored chain in sequence order from <paramref name="afterSequence"/>, unfiltered, for verification.</summary>
    Task<IReadOnlyList<AuditEventRecord>> ReadAuditChainAsync(long afterSequence, int limit, CancellationToken cancellationToken);

    // Tags.
    Task<IReadOnlyList<KeyTag>> GetTagsAsync(string keyId, CancellationToken cancellationToken);

    /// <summary>Adds or overwrites the given tags and removes <paramref name="removeKeys"/>, in one transaction.</summary>
    Task UpdateTagsAsync(string keyId, IReadOnlyList<KeyTag> upsert, IReadOnlyList<string> removeKeys, CancellationToken cancellationToken);

    // Aliases.
    /// <summary>
    /// Creates the alias and its Create history entry; throws <see cref="StoreConflictException"/> if the name is
    /// taken in that account and region.
    /// </summary>
    Task CreateAliasAsync(AliasRecord record, string changedBy, CancellationToken cancellationToken);

    Task<AliasRecord?> GetAliasAsync(string accountId, string region, string aliasName, CancellationToken cancellationToken);

    /// <summary>
    /// Points an existing alias at another key and records an Update history entry. With
    /// <paramref name="expectedTargetKeyId"/>, only if the alias still points there (compare-and-swap).
    /// False if the alias does not exist or points elsewhere.
    /// </summary>
    Task<bool> UpdateAliasAsync(
        string accountId,
        string region,
        string aliasName,
        string targetKeyId,
        DateTimeOffset updatedAt,
        string changedBy,
        string? expectedTargetKeyId,
        CancellationToken cancellationToken);

    /// <summary>Deletes the alias and records a Delete history entry; false if it does not exist.</summary>
    Task<bool> DeleteAliasAsync(string accountId, string region, string aliasName, DateTimeOffset deletedAt, string changedBy, CancellationToken cancellationToken);

    /// <summary>Every change of one alias name, oldest first (history outlives the alias).</summary>
    Task<IReadOnlyList<AliasChange>> GetAliasHistoryAsync(string accountId, string region, string aliasName, CancellationToken cancellationToken);

    /// <summary>Aliases ordered by name, starting after <paramref name="afterAliasName"/>, optionally only those of one key.</summary>
    Task<IReadOnlyList<AliasRecord>> ListAliasesAsync(string accountId, string region, string? targetKeyId, string? afterAliasName, int limit, CancellationToken cancellationToken);

    // Usage tracking.
    /// <summary>
    /// Adds aggregated uses in one transaction: per key, the last operation (the delta with the latest UsedAt wins);
    /// per material version, decrypt counts and the last decrypt. Deltas for keys that no longer exist are ignored.
    /// </summary>
    Task RecordUsageAsync(IReadOnlyList<KeyUsageDelta> deltas, CancellationToken cancellationToken);

    /// <summary>The key's usage, or null if it was never used (or does not exist).</summary>
    Task<KeyUsageRecord?> GetKeyUsageAsync(string keyId, CancellationToken cancellationToken);
}

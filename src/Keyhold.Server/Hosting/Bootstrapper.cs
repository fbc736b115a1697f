using Keyhold.Core.Storage;
using Keyhold.Crypto.Protection;
using Keyhold.Crypto.RootKeys;
using Keyhold.Server.Accounts;

namespace Keyhold.Server.Hosting;

/// <summary>
/// Opens a data directory safely: root key, schema, domain keys, and on the very first start an account with an
/// administrator access key. A missing or wrong root key for existing data stops the start before anything is
/// written (docs/designs/key-hierarchy.md).
/// </summary>
internal sealed class Bootstrapper(KeyholdOptions options, DataDirectory directory, IKeyholdStore store, TimeProvider time)
{
    public sealed record Result(DomainKeyRing Ring, string AccountId, string? CreatedCredentialsPath);

    /// <summary>Loads the root key, or creates it when the store holds no data at all.</summary>
    private static FileRootKeyProvider OpenRootKey(DataDirectory directory, bool storeHasData)
    {
        if (FileRootKeyProvider.Exists(directory.RootKey))
        {
            try
            {
                return FileRootKeyProvider.Load(directory.RootKey);
            }
            catch (Exception ex) when (ex is RootKeyMismatchException or IOException or UnauthorizedAccessException)
            {
                throw new KeyholdStartupException($"Cannot read the root key: {ex.Message} Nothing was changed.", ex);
            }
        }

        if (storeHasData)
        {
            throw new KeyholdStartupException(
                $"The key store holds data but the root key {directory.RootKey} is missing. "
                + "Restore root.key from your backup; without it no key material can be opened. Nothing was changed.");
        }

        return FileRootKeyProvider.Create(directory.RootKey);
    }

    /// <summary>Opens the root key, checks it against existing data, migrates, and creates what a first start needs.</summary>
    public async Task<Result> RunAsync(CancellationToken cancellationToken)
    {
        bool storeHasData;
        try
        {
            storeHasData = await store.HasDataAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (StoreUnavailableException ex)
        {
            throw new KeyholdStartupException($"Cannot reach the key store: {ex.Message}", ex);
        }

        // The root key is only needed to open (or create) the domain keys; it is zeroed when the start is done.
        using var root = OpenRootKey(directory, storeHasData);
        if (storeHasData)
        {
            // Check the root key against the stored domain keys before any migration writes to the database.
            var existing = await store.GetDomainKeysAsync(cancellationToken).ConfigureAwait(false);
            if (existing.Count > 0)
            {
                try
                {
                    DomainKeyRing.Open(root, existing).Dispose();
                }
                catch (RootKeyMismatchException ex)
                {
                    throw new KeyholdStartupException(ex.Message, ex);
                }
            }
        }

        await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        var domainKeys = await store.GetDomainKeysAsync(cancellationToken).ConfigureAwait(false);
        var accounts = await store.GetAccountIdsAsync(cancellationToken).ConfigureAwait(false);
        if (domainKeys.Count == 0)
        {
            if (accounts.Count > 0)
            {
                throw new KeyholdStartupException($"The database {directory.Database} has accounts but no domain keys; it is damaged. Restore it from a backup.");
            }

            var created = DomainKeyRing.CreateDomainKey(root, 1, time.GetUtcNow());
            try
            {
                await store.AddDomainKeyAsync(created, cancellationToken).ConfigureAwait(false);
            }
            catch (StoreConflictException)
            {
                // Another node created it first; use theirs.
            }

            domainKeys = await store.GetDomainKeysAsync(cancellationToken).ConfigureAwait(false);
        }

        DomainKeyRing ring;
        try
        {
            ring = DomainKeyRing.Open(root, domainKeys);
        }
        catch (RootKeyMismatchException ex)
        {
            throw new KeyholdStartupException(ex.Message, ex);
        }

        if (options.Dev)
        {
            var devAccount = options.AccountId ?? KeyholdOptions.DefaultDevAccountId;
            if (!accounts.Contains(devAccount))
            {
                await AddAccountAsync(devAccount, cancellationToken).ConfigureAwait(false);
            }

            return new Result(ring, devAccount, null);
        }

        if (accounts.Count > 0)
        {
            return new Result(ring, options.AccountId is { } chosen && accounts.Contains(chosen) ? chosen : accounts[0], null);
        }

        var accountId = options.AccountId ?? AccessKeyFactory.NewAccountId();
        var (accessKey, secret) = AccessKeyFactory.Create(ring, accountId, userName: null, time.GetUtcNow());
        SharedCredentialsFile.Write(directory.AdminCredentials, "keyhold", accessKey.AccessKeyId, secret, options.Region);
        // The access key is stored before the account: a crash in between leaves no account, so the next start
        // makes a fresh administrator key (and rewrites the file) instead of locking the administrator out.
        await store.AddAccessKeyAsync(accessKey, cancellationToken).ConfigureAwait(false);
        if (!await AddAccountAsync(accountId, cancellationToken).ConfigureAwait(false))
        {
            // Another node sharing the database finished its first start at the same moment: our administrator key
            // is valid for an account it also created only if the ids agree; otherwise use the account it made.
            accounts = await store.GetAccountIdsAsync(cancellationToken).ConfigureAwait(false);
            return new Result(ring, accounts.Contains(accountId) ? accountId : accounts[0], directory.AdminCredentials);
        }

        return new Result(ring, accountId, directory.AdminCredentials);
    }

    /// <summary>Adds an account; false when another node sharing the store added it first.</summary>
    private async Task<bool> AddAccountAsync(string accountId, CancellationToken cancellationToken)
    {
        try
        {
            await store.AddAccountAsync(accountId, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (StoreConflictException)
        {
            return false;
        }
    }
}

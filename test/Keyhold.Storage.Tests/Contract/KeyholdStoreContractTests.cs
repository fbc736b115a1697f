using Keyhold.Core.Aliases;
using Keyhold.Core.Keys;
using Keyhold.Core.Storage;

namespace Keyhold.Storage.Tests.Contract;

/// <summary>
/// The behaviour every <see cref="IKeyholdStore"/> backend must share. A backend's test class derives from this,
/// supplies <see cref="CreateStore"/> over a database that is empty at the start of each test, and runs every test
/// here unchanged. The partial files group the tests by concern.
/// </summary>
public abstract partial class KeyholdStoreContractTests : IAsyncLifetime
{
    protected const string Account = "111122223333";
    protected const string OtherAccount = "444455556666";
    protected const string Region = "us-east-1";
    protected const string OtherRegion = "eu-west-1";

    /// <summary>Principals recorded as ChangedBy in alias history.</summary>
    protected const string Alice = "arn:aws:iam::111122223333:user/alice";
    protected const string Bob = "arn:aws:iam::111122223333:role/deployer";

    /// <summary>A whole-millisecond UTC instant, which every backend stores exactly.</summary>
    protected static readonly DateTimeOffset T0 = new(2025, 3, 14, 15, 9, 26, 535, TimeSpan.Zero);

    private readonly List<IKeyholdStore> _stores = [];

    /// <summary>The store the test works on, migrated before the test starts.</summary>
    protected IKeyholdStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Store = OpenStore();
        await Store.MigrateAsync(CancellationToken.None).WithTimeout();
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            if (store is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync().AsTask().WithTimeout();
            }
        }

        await DropDatabaseAsync().WithTimeout();
    }

    /// <summary>
    /// A new, not yet migrated store instance over this test's database (the same database on every call within a
    /// test, so a second call stands for another node or a restart).
    /// </summary>
    protected abstract IKeyholdStore CreateStore();

    /// <summary>The highest version recorded in the database's schema_version table.</summary>
    protected abstract Task<int> ReadSchemaVersionAsync();

    /// <summary>Records <paramref name="version"/> as applied, as a newer build of Keyhold would.</summary>
    protected abstract Task RecordSchemaVersionAsync(int version);

    /// <summary>Removes this test's database after every store has been disposed.</summary>
    protected virtual Task DropDatabaseAsync() => Task.CompletedTask;

    /// <summary>Creates a store with <see cref="CreateStore"/> that is disposed when the test ends.</summary>
    protected IKeyholdStore OpenStore()
    {
        var store = CreateStore();
        _stores.Add(store);
        return store;
    }

    protected static string NewKeyId() => Guid.NewGuid().ToString();

    protected static KeyRecord NewKey(string? keyId = null, string account = Account, string region = Region) => new()
    {
        AccountId = account,
        Region = region,
        KeyId = keyId ?? NewKeyId(),
        Description = "payments — clé 🔑",
        KeySpec = "SYMMETRIC_DEFAULT",
        KeyUsage = "ENCRYPT_DECRYPT",
        Origin = "AWS_KMS",
        KeyManager = "CUSTOMER",
        State = KeyState.Enabled,
        CreationDate = T0,
        Policy = """{"Version":"2012-10-17","Statement":[]}""",
        CurrentMaterialVersion = 1,
    };

    protected static KeyMaterialRecord NewMaterial(string keyId, int version = 1) => new()
    {
        KeyId = keyId,
        Version = version,
        MaterialId = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{keyId}/{version}"))),
        WrappedMaterial = System.Security.Cryptography.RandomNumberGenerator.GetBytes(60),
        CreatedAt = T0.AddMinutes(version),
    };

    /// <summary>Creates <paramref name="key"/> (or a fresh one) with material version 1 and the given tags.</summary>
    protected async Task<KeyRecord> CreateKeyAsync(KeyRecord? key = null, params KeyTag[] tags)
    {
        key ??= NewKey();
        await Store.CreateKeyAsync(key, NewMaterial(key.KeyId), tags, CancellationToken.None).WithTimeout();
        return key;
    }

    protected static AliasRecord NewAlias(string aliasName, KeyRecord target) => new()
    {
        AccountId = target.AccountId,
        Region = target.Region,
        AliasName = aliasName,
        TargetKeyId = target.KeyId,
        CreationDate = T0,
        LastUpdatedDate = T0.AddSeconds(1),
    };

    protected async Task<AliasRecord> CreateAliasAsync(string aliasName, KeyRecord target)
    {
        var alias = NewAlias(aliasName, target);
        await Store.CreateAliasAsync(alias, Alice, CancellationToken.None).WithTimeout();
        return alias;
    }

    /// <summary>Runs <paramref name="attempt"/> and reports whether it won (true) or lost with a conflict (false).</summary>
    protected static async Task<bool> WinsAsync(Func<Task> attempt)
    {
        try
        {
            await attempt().WithTimeout();
            return true;
        }
        catch (StoreConflictException)
        {
            return false;
        }
    }
}
